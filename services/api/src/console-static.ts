import express, { Router } from 'express';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { HttpError } from '@e2a/http';

// The operator console (services/console, a static single-page app) at /console/: its files, the runtime settings
// it cannot know at build time, and index.html for every other /console/ path so deep links survive a reload.

/** services/console/dist beside the API's code: services/api/src (tsx) and services/api/dist (bundle) alike. */
export const DEFAULT_CONSOLE_DIR = path.resolve(__dirname, '..', '..', 'console', 'dist');

export interface ConsoleRuntimeConfig {
  temporal_ui_url: string;
  temporal_namespace: string;
}

export function createConsoleRouter(dir: string, runtime: ConsoleRuntimeConfig): Router {
  const router = Router();
  const index = path.join(dir, 'index.html');
  // Routing is not strict ('/console' also matches '/console/'): only the address without the slash moves.
  router.get('/console', (req, res, next) =>
    req.originalUrl.split('?')[0] === '/console' ? res.redirect(301, '/console/') : next(),
  );
  router.get('/console/runtime-config.json', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(runtime);
  });
  // Hashed bundles never change under one name; index.html is always revalidated.
  router.use(
    '/console/assets',
    express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d' }),
  );
  router.use('/console', express.static(dir, { index: false, maxAge: 0 }));
  router.get(['/console/', '/console/{*path}'], (req, res, next) => {
    if (!existsSync(index)) {
      next(
        new HttpError(
          'not_found',
          'The console is not built: run make up (or pnpm --filter @e2a/console build)',
        ),
      );
      return;
    }
    // A missing asset is a 404, not the page.
    if (req.path.startsWith('/console/assets/')) {
      next(new HttpError('not_found', `${req.path} not found`));
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
