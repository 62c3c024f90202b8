import { useState } from 'react';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { ApiProvider } from './api/api-provider';
import { createApiClients } from './api/client';
import { routes } from './routes';

export function App() {
  const [clients] = useState(createApiClients);
  const [router] = useState(() => createBrowserRouter(routes));
  return (
    <ApiProvider clients={clients}>
      <RouterProvider router={router} />
    </ApiProvider>
  );
}
