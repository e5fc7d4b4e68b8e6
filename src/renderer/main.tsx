import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './features/app/App';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/table.css';
import './styles/estate.css';
import './styles/rotation.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
