// Entry of the browser bundle: reads the course data block and starts the app.
import type { PlayerData } from './data.js';

function start(): void {
  const block = document.getElementById('ajar-course');
  const app = document.getElementById('app');
  if (!block || !app) return;
  const data = JSON.parse(block.textContent || '{}') as PlayerData;
  app.textContent = data.title;
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
