# interview-flow: one image for every command (migrate, api, worker, process, status, resume).
# Node 22 (LTS): AbortSignal.any, stable fetch, the versions CI tests
FROM node:22-slim

# Debian packages the app needs at run time (ffmpeg, ...): the same list CI installs
COPY scripts/debian-packages.txt /tmp/debian-packages.txt
RUN apt-get update \
 && grep -vE '^\s*(#|$)' /tmp/debian-packages.txt | xargs apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* /tmp/debian-packages.txt

WORKDIR /app
# dependencies first, so source edits reuse this layer (the build runs below, once the sources are in)
COPY package.json package-lock.json ./
# npm install (not ci): the lock lacks other-platform optional BAML binaries, which npm ci rejects
RUN npm install --ignore-scripts --no-audit --no-fund

COPY . .
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && chmod +x bin/interview-flow.js \
 && ln -s /app/bin/interview-flow.js /usr/local/bin/interview-flow

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    DATA_DIR=/data
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
CMD ["interview-flow", "api"]
