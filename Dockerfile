# Multi-stage build of the hub: a static binary on a small base image.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# ferretdb_no_postgresql: the embedded FerretDB's PostgreSQL backend (and its
# driver) stay out of the binary; the hub runs FerretDB on SQLite.
# VERSION names the build (hub version, /readyz): the build context holds no
# .git (see .dockerignore), so pass it, e.g. --build-arg VERSION=$(git describe --always).
ARG VERSION=
RUN CGO_ENABLED=0 go build -trimpath -tags ferretdb_no_postgresql -ldflags="-s -w -X main.linkedVersion=${VERSION}" -o /out/hub ./cmd/hub
# The data folder, owned by the final image's non-root user (65532), so that
# a new volume mounted there is writable by the hub.
RUN mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/hub /hub
COPY --from=build --chown=65532:65532 /out/data /data
ENV HUB_ADDR=:8080 HUB_DATA_DIR=/data
VOLUME /data
EXPOSE 8080
USER nonroot
ENTRYPOINT ["/hub"]
CMD ["serve"]
