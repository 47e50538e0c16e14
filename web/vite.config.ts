import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The server (hoptac serve --web web/dist) serves the build; `npm run dev` proxies the API to a
// hoptac serve on HOPTAC_API (default http://127.0.0.1:8080).
export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 800 },
  server: {
    proxy: {
      "/api": process.env.HOPTAC_API ?? "http://127.0.0.1:8080",
      "/healthz": process.env.HOPTAC_API ?? "http://127.0.0.1:8080",
    },
  },
});
