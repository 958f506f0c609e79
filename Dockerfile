# The product in one image: the API serving the built admin app.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN npm install -g pnpm@12.21.0
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build && pnpm deploy --filter @euregionet/api --prod /out/api \
  && cp -r packages/admin/dist /out/admin-dist

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 ADMIN_DIST=/app/admin
WORKDIR /app/api
COPY --from=build /out/api ./
COPY --from=build /out/admin-dist /app/admin
# DATA_DIR of docker-compose.yml: a volume mounted here takes the owner of the folder.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/health/ready').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "--import", "./dist/telemetry/register.js", "dist/server.js"]
