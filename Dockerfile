# ajar for CI systems that run jobs in containers: Debian 12 + Node.js 20 + ffmpeg + Chromium + xmllint,
# with ajar installed from its own npm package (the same tarball a registry would serve).
#   docker build -t ajar .
#   docker run --rm -v "$PWD:/kursus" -w /kursus ajar build .
#   docker run --rm -v "$PWD:/kursus" -w /kursus -e MOOC_UPLOAD_TOKEN ajar publish . --target pusat
# The system packages come from scripts/ensure-system.sh, the one list the test command uses too.

FROM node:20-bookworm-slim AS pack
WORKDIR /src
COPY . .
# npm install runs `prepare`, which builds lib/ and the player bundle.
RUN npm install --no-audit --no-fund && npm pack --ignore-scripts --pack-destination /tmp && mv /tmp/ajar-*.tgz /tmp/ajar.tgz

FROM node:20-bookworm-slim
COPY scripts/ensure-system.sh /usr/local/lib/ajar/ensure-system.sh
RUN bash /usr/local/lib/ajar/ensure-system.sh ffmpeg chromium xmllint ghostscript && rm -rf /var/lib/apt/lists/*
COPY --from=pack /tmp/ajar.tgz /tmp/ajar.tgz
RUN npm install --global --omit=dev --no-audit --no-fund /tmp/ajar.tgz && rm /tmp/ajar.tgz
WORKDIR /kursus
ENTRYPOINT ["ajar"]
CMD ["--help"]
