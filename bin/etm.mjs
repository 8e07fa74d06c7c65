#!/usr/bin/env node
// etm: the EngiTorqueMap command line. Runs the same workers/ code as the app, in Node.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
