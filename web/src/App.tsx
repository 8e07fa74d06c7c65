// The app shell: header, banner, and the view the hash selects.

import { createMemo, type Component } from 'solid-js';
import { Dynamic } from 'solid-js/web';
import { useRegisterSW } from 'virtual:pwa-register/solid';
import { Header } from './components/Header.tsx';
import { NoticeBanner } from './components/NoticeBanner.tsx';
import { AppServicesProvider, createAppServices } from './state/app-services.ts';
import { errorMessage } from './state/error-text.ts';
import { createOnlineSignal } from './state/online.ts';
import { createHashRoute } from './state/router.ts';
import { DEFAULT_VIEW_ID, VIEWS } from './views/registry.ts';

export const App: Component = () => {
  const services = createAppServices();
  const online = createOnlineSignal();
  const route = createHashRoute(DEFAULT_VIEW_ID);
  const view = createMemo(() => VIEWS.find((v) => v.id === route().viewId) ?? VIEWS[0]);
  const {
    offlineReady: [offlineReady],
  } = useRegisterSW({
    immediate: true,
    onRegisterError: (e: unknown) => services.notices.push({ tone: 'error', title: 'Offline mode unavailable', detail: errorMessage(e) }),
  });
  const controlled = () => offlineReady() || navigator.serviceWorker?.controller != null;

  return (
    <AppServicesProvider value={services}>
      <Header views={VIEWS} activeViewId={view().id} online={online()} offlineReady={controlled()} storage={services.storageStatus()} />
      <NoticeBanner notices={services.notices} />
      <main class="app-main">
        <Dynamic component={view().component} />
      </main>
    </AppServicesProvider>
  );
};
