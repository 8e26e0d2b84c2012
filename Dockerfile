# One image for agent-bruno (`studio`, the default) and the sensor-collector (`edge`).
# Multi-arch: docker buildx build --platform linux/amd64,linux/arm64 -t ghcr.io/homelab/homelab-edge:0.1.0 .
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source for the target architecture
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20.20-bookworm-slim
LABEL org.opencontainers.image.title="homelab-edge" \
      org.opencontainers.image.description="agent-bruno studio and Pi sensor-collector" \
      org.opencontainers.image.licenses="MIT"
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
USER 10001:10001
EXPOSE 8080 9464
ENTRYPOINT ["node", "bin/homelab.mjs"]
CMD ["studio"]
