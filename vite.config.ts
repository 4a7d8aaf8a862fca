import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// The console is a plain web app: Electron loads the same build the browser fallback serves.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [vue()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:7420',
      '/socket.io': { target: 'ws://127.0.0.1:7420', ws: true },
    },
  },
});
