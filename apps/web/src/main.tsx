import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './app';
import './styles/tokens.css';
import './styles/base.css';
import './styles/components.css';
import './styles/data-display.css';
import './styles/layout.css';
import './styles/pages.css';
import './styles/agents.css';
import './styles/tasks.css';
import './styles/marketplace.css';
import './styles/agent-page.css';
import './styles/installs.css';
import './styles/publishing.css';
import './styles/operations.css';

// zod compiles fast paths with `new Function`, which the app's Content-Security-Policy forbids.
z.config({ jitless: true });

const root = document.getElementById('root');
if (!root) throw new Error('index.html must contain <div id="root">');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
