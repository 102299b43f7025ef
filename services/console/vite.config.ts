import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the API at /console/ (services/api/src/console-static.ts); `pnpm dev` proxies API calls to API_URL.
const api = 'http://127.0.0.1:8000';
const apiPaths = [
  '/api',
  '/exceptions',
  '/orders',
  '/invoices',
  '/invoice-adjustments',
  '/tenants',
  '/admin',
];

export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 400 },
  server: {
    proxy: Object.fromEntries([...apiPaths, '/console/runtime-config.json'].map((path) => [path, api])),
  },
});
