// The live endpoint's upgrade check, delegated to the edge server's security layer: an API key with
// the viewer role (or engineer) may subscribe; refusals carry the security layer's status and headers.

import type { EdgeSecurity } from '../../security/edge-security.ts';
import type { LiveAuthorizer } from './live-ws-server.ts';

export function securityAuthorizer(security: EdgeSecurity): LiveAuthorizer {
  return (req) => {
    const d = security.checkUpgrade(req, 'viewer');
    return d.ok ? { ok: true, role: d.principal.role } : { ok: false, status: d.status, message: d.message, headers: d.headers };
  };
}
