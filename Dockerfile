# One image for agent-bruno (`studio`, the default) and the sensor-collector (`edge`).
# Multi-arch: docker buildx build --platform linux/amd64,linux/arm64 -t ghcr.io/homelab/homelab-edge:0.1.0 .
# The base of both stages; another Debian-based image with Node.js 20 can be given (`--build-arg BASE_IMAGE=…`,
# e.g. one built with debootstrap where no registry is reachable).
ARG BASE_IMAGE=node:20.20-bookworm-slim
FROM ${BASE_IMAGE} AS build
WORKDIR /app
# better-sqlite3 compiles from source for the target architecture
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
# tsc type-checks into dist/, then esbuild bundles the CLI into dist/bundle (scripts/bundle.mjs)
RUN npm run build

FROM ${BASE_IMAGE}
LABEL org.opencontainers.image.title="homelab-edge" \
      org.opencontainers.image.description="agent-bruno studio and Pi sensor-collector" \
      org.opencontainers.image.licenses="MIT"
ENV NODE_ENV=production
WORKDIR /app
# The bundle holds every JavaScript dependency, so the image carries no node_modules tree: only
# better-sqlite3's native addon and the two small packages that locate it. One file to load instead
# of ~200 is also what keeps a scale-from-zero start short (bench/cold-start.ts).
COPY --from=build /app/dist/bundle ./dist/bundle
COPY --from=build /app/node_modules/better-sqlite3/package.json ./node_modules/better-sqlite3/package.json
COPY --from=build /app/node_modules/better-sqlite3/lib ./node_modules/better-sqlite3/lib
COPY --from=build /app/node_modules/better-sqlite3/build/Release/better_sqlite3.node ./node_modules/better-sqlite3/build/Release/better_sqlite3.node
COPY --from=build /app/node_modules/bindings ./node_modules/bindings
COPY --from=build /app/node_modules/file-uri-to-path ./node_modules/file-uri-to-path
COPY package.json ./
COPY bin ./bin
USER 10001:10001
EXPOSE 8080 9464
ENTRYPOINT ["node", "bin/homelab.mjs"]
CMD ["studio"]
