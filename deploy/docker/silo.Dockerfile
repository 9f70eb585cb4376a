# The Orleans silo (src/Silo). Build from the repository root (BuildKit, the default builder of current Docker):
#   docker build -f deploy/docker/silo.Dockerfile -t sessioncluster-silo .
# Ports: 11111 silo-to-silo, 30000 client gateway, 8080 HTTP (/healthz, /readyz).
# Runs as the image's non-root `app` user (UID 1654) and needs no writable path but /tmp: under Kubernetes /tmp is
# an emptyDir (deploy/k8s); with `docker run --read-only` add `--tmpfs /tmp` (or set DOTNET_EnableDiagnostics=0,
# which turns off the diagnostic socket .NET creates there).

ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

FROM ${SDK_IMAGE} AS build
WORKDIR /src
# global.json pins the SDK band; the props files carry package versions and warnings-as-errors; .editorconfig
# carries the analyzer severities the build enforces. Only src/ is needed (samples/ and tests/ are not built).
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
RUN --mount=type=cache,id=sessioncluster-nuget,target=/root/.nuget/packages \
    dotnet publish src/Silo/SessionCluster.Silo.csproj -c Release -o /app -p:UseAppHost=false

# The ASP.NET Core runtime: the silo serves its health endpoints over HTTP.
FROM ${RUNTIME_IMAGE} AS runtime
WORKDIR /app
# Owned by root and not writable by the app user: the application cannot modify itself.
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 11111 30000 8080
# The aspnet image's `app` user, by number (1654) so Kubernetes' runAsNonRoot can verify it.
USER $APP_UID
ENTRYPOINT ["dotnet", "SessionCluster.Silo.dll"]
