import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConsoleApp } from './app/console-app';
import './styles/tokens.css';
import './styles/base.css';
import './styles/login.css';
import './styles/shell.css';
import './styles/inbox.css';
import './styles/conversation.css';
import './styles/details.css';
import './styles/composer-tools.css';
import './styles/overlays.css';
import './styles/team.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <ConsoleApp />
  </StrictMode>,
);
