using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using SessionCluster.Api;
using SessionCluster.Grains;
using SessionCluster.Tests.Infrastructure;
using StackExchange.Redis;
using YamlDotNet.RepresentationModel;

namespace SessionCluster.Tests.Deploy;

/// <summary>
/// The Kubernetes manifests (deploy/k8s) and the container images (deploy/docker) checked against the code they
/// deploy: ports, probe paths, configuration keys and values, the cluster's identity, shutdown time, hardening, and
/// that every reference points at something deployed. Each kustomization is rendered with <c>kubectl kustomize</c>
/// when kubectl is on PATH; otherwise its YAML files and those of its bases are read directly (the output says so).
/// </summary>
public sealed partial class ManifestTests(ITestOutputHelper output)
{
    private const string SiloName = "sessioncluster-silo";
    private const string ApiName = "sessioncluster-api";
    private const string NameLabel = "app.kubernetes.io/name";
    private const string ServiceIdLabel = "orleans/serviceId";
    private const string ClusterIdLabel = "orleans/clusterId";

    /// <summary>The objects the manifests may reference without containing them: production's Secrets, made by hand.</summary>
    private static readonly string[] ExternalSecrets = ["Secret/sessioncluster-secrets", "Secret/sessioncluster-encryption", $"Secret/{TlsSecret}"];

    /// <summary>The Secret with the cluster's TLS material (never in the repository: private keys).</summary>
    private const string TlsSecret = "sessioncluster-tls";

    private static readonly string K8sRoot = Path.Combine(BuiltApps.RepositoryRoot, "deploy", "k8s");
    private static readonly ConcurrentDictionary<string, Lazy<Task<Rendering>>> Renderings = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string[]> SourceFiles = new(StringComparer.Ordinal);

    /// <summary>Where both hosts' shared wiring lives (health endpoints among it).</summary>
    private const string SharedHostingDirectory = "src/Hosting";

    /// <summary>The C# sources of one app's own project and of the shared hosting code it maps its endpoints from.</summary>
    private static string[] SourcesOf(App app) => SourceFiles.GetOrAdd(app.SourceDirectory, dir => [.. new[] { dir, SharedHostingDirectory }.Distinct()
        .SelectMany(d => Directory.EnumerateFiles(Path.Combine(BuiltApps.RepositoryRoot, d), "*.cs", SearchOption.AllDirectories))
        .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        .Select(File.ReadAllText)]);

    private static readonly App[] Apps =
    [
        new(SiloName, "SessionCluster.Silo", "src/Silo", "deploy/docker/silo.Dockerfile", IsSilo: true),
        new(ApiName, typeof(Program).Assembly.GetName().Name!, "src/Api", "deploy/docker/api.Dockerfile", IsSilo: false),
    ];

    /// <summary>Configuration sections the apps bind, longest first; keys below them must name a property.</summary>
    private static readonly (string Section, Type Options)[] Sections =
    [
        (EventStreamOptions.SectionName, typeof(EventStreamOptions)),
        (SessionCluster.Hosting.Options.ClusterTlsOptions.SectionName, typeof(SessionCluster.Hosting.Options.ClusterTlsOptions)),
        (SessionCluster.Hosting.Options.EndpointsOptions.SectionName, typeof(SessionCluster.Hosting.Options.EndpointsOptions)),
        (SessionCluster.Hosting.Options.AdminDashboardOptions.SectionName, typeof(SessionCluster.Hosting.Options.AdminDashboardOptions)),
        (EncryptionOptions.SectionName, typeof(EncryptionOptions)),
        (SessionClusterOptions.SectionName, typeof(SessionClusterOptions)),
        ("Orleans:Endpoints", typeof(EndpointOptions)),
        ("Orleans:Membership", typeof(ClusterMembershipOptions)),
        ("Orleans", typeof(ClusterOptions)),
    ];

    /// <summary>Every directory under deploy/k8s with a kustomization.yaml: the base and each overlay.</summary>
    public static TheoryData<string> Kustomizations()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(K8sRoot, "kustomization.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(K8sRoot, Path.GetDirectoryName(file)!).Replace('\\', '/'));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task EveryContainerPortIsAPortTheAppListensOn(string kustomization)
    {
        var rendering = await RenderAsync(kustomization);
        foreach (var app in Apps)
        {
            var (_, container, env) = AppContainer(rendering, app);
            var expected = new SortedDictionary<string, int>(StringComparer.Ordinal) { ["http"] = HttpPort(app, env) };
            if (app.IsSilo)
            {
                expected["silo"] = OrleansPort(env, "SiloPort", EndpointOptions.DEFAULT_SILO_PORT);
                expected["gateway"] = OrleansPort(env, "GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT);
            }
            var declared = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var port in container.Seq("ports"))
            {
                declared.Add(port.Str("name") ?? "(unnamed)", Int(port.Str("containerPort")));
            }
            Assert.Equal(expected, declared);
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task EveryProbeIsAnHttpPathTheAppsMapOnTheirHttpPort(string kustomization)
    {
        var rendering = await RenderAsync(kustomization);
        foreach (var app in Apps)
        {
            var (_, container, env) = AppContainer(rendering, app);
            var paths = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var probe in new[] { "startupProbe", "livenessProbe", "readinessProbe" })
            {
                var httpGet = container.At(probe, "httpGet");
                Assert.True(httpGet is not null, $"{kustomization}: {app.Name} has no HTTP {probe}");
                var path = httpGet.Str("path") ?? "/";
                Assert.True(SourcesOf(app).Any(s => s.Contains($"\"{path}\"", StringComparison.Ordinal)),
                    $"{kustomization}: {app.Name} {probe} asks for {path}, which no source file under {app.SourceDirectory} maps");
                Assert.Equal(HttpPort(app, env), ContainerPort(container, httpGet.Str("port")));
                paths[probe] = path;
            }
            // Liveness must not hang on the cluster: restarting a node never fixes a cluster that is not there.
            Assert.NotEqual(paths["readinessProbe"], paths["livenessProbe"]);
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task EveryEnvironmentVariableNamesASettingTheAppsRead(string kustomization)
    {
        var rendering = await RenderAsync(kustomization);
        var failures = new List<string>();
        foreach (var app in Apps)
        {
            var (_, _, env) = AppContainer(rendering, app);
            foreach (var variable in env.Values)
            {
                var problem = variable.Name.Contains("__", StringComparison.Ordinal)
                    ? CheckSetting(variable)
                    : IsPlatformVariable(variable.Name) ? null : "neither a configuration key (A__B) nor POD_*, ORLEANS_*, DOTNET_* or ASPNETCORE_URLS";
                if (problem is not null)
                {
                    failures.Add($"{app.Name}: {variable.Name} (from {variable.Source}): {problem}");
                }
            }
        }
        Assert.True(failures.Count == 0, $"{kustomization}:\n" + string.Join('\n', failures));
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task TheSettingsBindAndPassTheAppsStartUpValidation(string kustomization)
    {
        var rendering = await RenderAsync(kustomization);
        foreach (var app in Apps)
        {
            var (_, _, env) = AppContainer(rendering, app);
            var values = env.Values
                .Where(v => v.Value is not null && v.Name.Contains("__", StringComparison.Ordinal))
                .ToDictionary(v => v.Name.Replace("__", ":", StringComparison.Ordinal), v => v.Value);
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

            var options = configuration.GetSection(SessionClusterOptions.SectionName).Get<SessionClusterOptions>() ?? new SessionClusterOptions();
            var result = new SessionClusterOptionsValidator().Validate(null, options);
            Assert.True(result.Succeeded, $"{kustomization}: {app.Name}: {result.FailureMessage}");
            // The binder throws on a value of the wrong type or a key without a property.
            _ = configuration.GetSection(EventStreamOptions.SectionName).Get<EventStreamOptions>(o => o.ErrorOnUnknownConfiguration = true);
            _ = configuration.GetSection("Orleans:Endpoints").Get<EndpointOptions>(o => o.ErrorOnUnknownConfiguration = true);
            _ = configuration.GetSection(SessionCluster.Hosting.Options.EndpointsOptions.SectionName).Get<SessionCluster.Hosting.Options.EndpointsOptions>(o => o.ErrorOnUnknownConfiguration = true);
            _ = configuration.GetSection(SessionCluster.Hosting.Options.ClusterTlsOptions.SectionName).Get<SessionCluster.Hosting.Options.ClusterTlsOptions>(o => o.ErrorOnUnknownConfiguration = true);
            var dashboard = configuration.GetSection(SessionCluster.Hosting.Options.AdminDashboardOptions.SectionName).Get<SessionCluster.Hosting.Options.AdminDashboardOptions>(o => o.ErrorOnUnknownConfiguration = true);
            if (dashboard is not null)
            {
                var checkedDashboard = new SessionCluster.Hosting.Options.AdminDashboardOptionsValidator().Validate(null, dashboard);
                Assert.True(checkedDashboard.Succeeded, $"{kustomization}: {app.Name}: {checkedDashboard.FailureMessage}");
            }
            output.WriteLine($"{kustomization}: {app.Name}: {values.Count} settings known here, {options.Tenants.Count} tenant(s) configured");

            if (configuration.GetConnectionString(SiloHostingExtensions.RedisConnectionName) is { } redis)
            {
                Assert.NotEmpty(ConfigurationOptions.Parse(redis).EndPoints);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task SilosGetTheAtRestKeysAndApiNodesNever(string kustomization)
    {
        var rendering = await RenderAsync(kustomization);
        foreach (var app in Apps)
        {
            var (_, container, env) = AppContainer(rendering, app);
            var fromEncryptionSecret = container.Seq("envFrom").Any(f => f.Get("secretRef")?.Str("name") == "sessioncluster-encryption");
            var keys = env.Values.Where(v => v.Name.StartsWith("SessionCluster__Encryption__", StringComparison.Ordinal)).ToList();
            if (app.IsSilo)
            {
                Assert.True(fromEncryptionSecret, $"{kustomization}: the silo must load Secret/sessioncluster-encryption");
                var values = keys.Where(k => k.Value is not null).ToDictionary(k => k.Name.Replace("__", ":", StringComparison.Ordinal), k => k.Value);
                if (values.Count > 0)
                {
                    // Rendered here (dev): the keys must pass the silo's start-up validation.
                    var options = new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(EncryptionOptions.SectionName).Get<EncryptionOptions>()!;
                    var result = new EncryptionOptionsValidator().Validate(null, options);
                    Assert.True(result.Succeeded, $"{kustomization}: {result.FailureMessage}");
                }
            }
            else
            {
                Assert.False(fromEncryptionSecret, $"{kustomization}: API nodes must not load the at-rest keys");
                Assert.Empty(keys);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task SilosAndApiNodesTurnClusterTlsOnWithFilesOfTheMountedTlsSecret(string kustomization)
    {
        var rendering = await RenderAsync(kustomization);
        var failures = new List<string>();
        foreach (var app in Apps)
        {
            var (workload, container, env) = AppContainer(rendering, app);
            if (env.GetValueOrDefault("SessionCluster__Tls__Enabled")?.Value != "true")
            {
                failures.Add($"{app.Name}: SessionCluster__Tls__Enabled is not true: its Orleans connections would run in clear");
            }
            var volumes = workload.Template.Seq("spec", "volumes").ToList();
            foreach (var setting in new[] { "CertificatePath", "KeyPath", "CaPath" })
            {
                var path = env.GetValueOrDefault($"SessionCluster__Tls__{setting}")?.Value;
                if (path is null)
                {
                    failures.Add($"{app.Name}: SessionCluster__Tls__{setting} is not set");
                    continue;
                }
                // The file must be a key of the TLS Secret, mounted read-only where the setting says.
                var mount = container.Seq("volumeMounts").FirstOrDefault(m => m.Str("mountPath") is { } at && path.StartsWith(at.TrimEnd('/') + "/", StringComparison.Ordinal));
                var volume = volumes.FirstOrDefault(v => v.Str("name") == mount?.Str("name"));
                if (mount is null || volume?.Str("secret", "secretName") != TlsSecret)
                {
                    failures.Add($"{app.Name}: SessionCluster__Tls__{setting}={path} is not in a mount of Secret/{TlsSecret}");
                    continue;
                }
                if (mount.Str("readOnly") != "true")
                {
                    failures.Add($"{app.Name}: the mount of Secret/{TlsSecret} is not read-only");
                }
                var file = path[(mount.Str("mountPath")!.TrimEnd('/').Length + 1)..];
                var items = volume.Seq("secret", "items").ToList();
                var key = items.Count == 0 ? file : items.FirstOrDefault(i => i.Str("path") == file)?.Str("key");
                // The names cert-manager writes into a Certificate's Secret, and deploy/k8s/cluster-tls.sh makes.
                if (key is null || !new[] { "tls.crt", "tls.key", "ca.crt" }.Contains(key))
                {
                    failures.Add($"{app.Name}: SessionCluster__Tls__{setting}={path} is no tls.crt, tls.key or ca.crt of Secret/{TlsSecret}");
                }
            }
        }
        Assert.True(failures.Count == 0, $"{kustomization}:\n" + string.Join('\n', failures));
    }

    [Fact]
    public void TheSiloNetworkPolicySaysWhatItsHttpPortServes()
    {
        var policy = File.ReadAllText(Path.Combine(K8sRoot, "base", "networkpolicy.yaml"));
        var readme = File.ReadAllText(Path.Combine(K8sRoot, "README.md"));
        // The silo maps these on its HTTP port (Program.cs): a comment that says "health only" hides the rest from whoever opens the port.
        foreach (var path in new[] { HealthEndpoints.LivenessPath, HealthEndpoints.ReadinessPath, TelemetryExtensions.MetricsPath, "/dashboard" })
        {
            Assert.True(SourcesOf(Apps.Single(a => a.IsSilo)).Any(s => s.Contains($"\"{path}\"", StringComparison.Ordinal)), $"the silo does not map {path} any more; update this test");
            Assert.Contains(path, policy, StringComparison.Ordinal);
            Assert.Contains(path, readme, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("health endpoints only", policy, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("health endpoints only", readme, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TheTlsScriptMakesCertificatesTheAppsAccept()
    {
        if (FindOnPath("openssl") is null)
        {
            if (string.Equals(System.Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail("CI=true and openssl is required (apt-get install -y openssl)");
            }
            Assert.Skip("openssl is not installed; deploy/k8s/cluster-tls.sh needs it");
        }
        var directory = Directory.CreateTempSubdirectory("sessioncluster-tls-script-").FullName;
        try
        {
            await using var script = ChildProcess.Start("cluster-tls.sh", "bash", [Path.Combine(K8sRoot, "cluster-tls.sh"), directory], workingDirectory: BuiltApps.RepositoryRoot);
            Assert.Equal(0, await script.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            output.WriteLine(script.Tail());

            var options = new SessionCluster.Hosting.Options.ClusterTlsOptions
            {
                Enabled = true,
                CertificatePath = Path.Combine(directory, "tls.crt"),
                KeyPath = Path.Combine(directory, "tls.key"),
                CaPath = Path.Combine(directory, "ca.crt"),
            };
            var result = new SessionCluster.Hosting.Options.ClusterTlsOptionsValidator(new ConfigurationBuilder().Build()).Validate(null, options);
            Assert.True(result.Succeeded, result.FailureMessage);
            // The key the cluster needs is readable by its owner only.
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(options.KeyPath));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task TheSiloPodLabelsAreTheClusterIdentityBothAppsUse(string kustomization)
    {
        var rendering = await RenderAsync(kustomization);
        var (silo, _, siloEnv) = AppContainer(rendering, Apps.Single(a => a.IsSilo));
        var serviceId = silo.Labels.GetValueOrDefault(ServiceIdLabel);
        var clusterId = silo.Labels.GetValueOrDefault(ClusterIdLabel);
        Assert.False(string.IsNullOrEmpty(serviceId), $"{kustomization}: silo pods lack the label {ServiceIdLabel}");
        Assert.False(string.IsNullOrEmpty(clusterId), $"{kustomization}: silo pods lack the label {ClusterIdLabel}");

        Assert.Equal(serviceId, siloEnv.GetValueOrDefault("ORLEANS_SERVICE_ID")?.Value);
        Assert.Equal(clusterId, siloEnv.GetValueOrDefault("ORLEANS_CLUSTER_ID")?.Value);
        foreach (var app in Apps)
        {
            var (workload, _, env) = AppContainer(rendering, app);
            // Unset, the apps use the default; set, Orleans reads it from its own configuration section.
            Assert.Equal(serviceId, env.GetValueOrDefault("Orleans__ServiceId")?.Value ?? SiloHostingExtensions.DefaultClusterName);
            Assert.Equal(clusterId, env.GetValueOrDefault("Orleans__ClusterId")?.Value ?? SiloHostingExtensions.DefaultClusterName);
            if (!app.IsSilo)
            {
                // Orleans' Kubernetes hosting takes every pod with these labels for a silo.
                Assert.DoesNotContain(workload.Labels.Keys, k => k.StartsWith("orleans/", StringComparison.Ordinal));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task PodsGetMoreTimeToStopThanTheAppsTakeToShutDown(string kustomization)
    {
        var rendering = await RenderAsync(kustomization);
        foreach (var app in Apps)
        {
            var (workload, container, _) = AppContainer(rendering, app);
            var grace = workload.Template.Str("spec", "terminationGracePeriodSeconds") is { } seconds ? Int(seconds) : 30;
            var shutdown = ShutdownTimeout(app);
            var preStop = PreStopSeconds(container);
            output.WriteLine($"{kustomization}: {app.Name}: grace {grace} s, preStop {preStop} s, shutdown timeout {shutdown.Seconds} s ({shutdown.Source})");
            Assert.True(grace > preStop + shutdown.Seconds,
                $"{kustomization}: {app.Name} is killed after {grace} s but may take {preStop} s (preStop) + {shutdown.Seconds} s (shutdown) to stop");
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task EveryContainerRunsAsNonRootOnAReadOnlyRootFilesystem(string kustomization)
    {
        var rendering = await RenderAsync(kustomization);
        var failures = new List<string>();
        foreach (var workload in rendering.Workloads)
        {
            var pod = workload.Template.Get("spec");
            foreach (var container in workload.Containers)
            {
                var where = $"{workload.Kind}/{workload.Name} container {container.Str("name")}";
                var own = container.Get("securityContext");
                var podContext = pod.Get("securityContext");
                if ((own.Str("runAsNonRoot") ?? podContext.Str("runAsNonRoot")) != "true")
                {
                    failures.Add($"{where}: runAsNonRoot is not true");
                }
                if ((own.Str("runAsUser") ?? podContext.Str("runAsUser")) == "0")
                {
                    failures.Add($"{where}: runs as UID 0");
                }
                if (own.Str("readOnlyRootFilesystem") != "true")
                {
                    failures.Add($"{where}: readOnlyRootFilesystem is not true");
                }
                if (own.Str("allowPrivilegeEscalation") != "false")
                {
                    failures.Add($"{where}: allowPrivilegeEscalation is not false");
                }
                if (!own.Seq("capabilities", "drop").Any(c => c.Value() == "ALL"))
                {
                    failures.Add($"{where}: does not drop ALL capabilities");
                }
                if (workload.AppName is SiloName or ApiName)
                {
                    var tmp = container.Seq("volumeMounts").FirstOrDefault(m => m.Str("mountPath") == "/tmp")?.Str("name");
                    var volume = pod.Seq("volumes").FirstOrDefault(v => v.Str("name") == tmp);
                    if (volume?.Get("emptyDir") is null)
                    {
                        failures.Add($"{where}: no emptyDir at /tmp (.NET's diagnostic socket and temp files go there)");
                    }
                }
            }
        }
        Assert.True(failures.Count == 0, $"{kustomization}:\n" + string.Join('\n', failures));
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task TheSiloKnowsItsPodAndMayGetListWatchAndPatchPods(string kustomization)
    {
        var rendering = await RenderAsync(kustomization);
        var (silo, _, env) = AppContainer(rendering, Apps.Single(a => a.IsSilo));
        foreach (var name in new[] { "POD_NAMESPACE", "POD_NAME", "POD_IP" })
        {
            Assert.True(env.TryGetValue(name, out var variable) && variable.Source.StartsWith("fieldRef", StringComparison.Ordinal),
                $"{kustomization}: the silo's {name} does not come from the downward API");
        }
        var account = silo.Template.Str("spec", "serviceAccountName");
        Assert.False(string.IsNullOrEmpty(account), $"{kustomization}: silo pods run under the default service account");
        Assert.NotEqual("false", silo.Template.Str("spec", "automountServiceAccountToken"));
        Assert.Contains(rendering.Objects, o => o.Kind == "ServiceAccount" && o.Name == account);

        var verbs = rendering.Objects
            .Where(b => b.Kind == "RoleBinding"
                && b.Node.Seq("subjects").Any(s => s.Str("kind") == "ServiceAccount" && s.Str("name") == account)
                && b.Node.Str("roleRef", "kind") == "Role")
            .SelectMany(b => rendering.Objects.Where(r => r.Kind == "Role" && r.Name == b.Node.Str("roleRef", "name")))
            .SelectMany(r => r.Node.Seq("rules"))
            .Where(rule => rule.Seq("apiGroups").Any(g => g.Value() == "") && rule.Seq("resources").Any(r => r.Value() == "pods"))
            .SelectMany(rule => rule.Seq("verbs").Select(v => v.Value()))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string?>(["get", "list", "watch", "patch"], StringComparer.Ordinal), verbs);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task ServicesPoliciesBudgetsAndAutoscalersPointAtWhatIsDeployed(string kustomization)
    {
        var rendering = await RenderAsync(kustomization);
        var failures = new List<string>();
        foreach (var service in rendering.Objects.Where(o => o.Kind == "Service"))
        {
            var selected = rendering.Selected(service.Node.Map("spec", "selector"));
            if (selected.Count == 0)
            {
                failures.Add($"Service/{service.Name} selects no pod");
            }
            foreach (var port in service.Node.Seq("spec", "ports"))
            {
                var target = port.Str("targetPort") ?? port.Str("port");
                failures.AddRange(selected
                    .Where(w => ContainerPort(w.Containers.Single(), target) is null)
                    .Select(w => $"Service/{service.Name} targets port {target}, which {w.Kind}/{w.Name} does not declare"));
            }
        }
        foreach (var policy in rendering.Objects.Where(o => o.Kind == "NetworkPolicy"))
        {
            var selected = rendering.Selected(policy.Node.Map("spec", "podSelector", "matchLabels"));
            if (selected.Count == 0)
            {
                output.WriteLine($"{kustomization}: NetworkPolicy/{policy.Name} selects no pod deployed here");
            }
            foreach (var rule in policy.Node.Seq("spec", "ingress"))
            {
                foreach (var peer in rule.Seq("from").Select(f => f.Map("podSelector", "matchLabels")).Where(l => l.Count > 0))
                {
                    if (rendering.Selected(peer).Count == 0)
                    {
                        failures.Add($"NetworkPolicy/{policy.Name} admits pods labelled {string.Join(',', peer)}, which are not deployed");
                    }
                }
                foreach (var port in rule.Seq("ports").Select(p => p.Str("port")))
                {
                    failures.AddRange(selected
                        .Where(w => ContainerPort(w.Containers.Single(), port) is null)
                        .Select(w => $"NetworkPolicy/{policy.Name} opens port {port}, which {w.Kind}/{w.Name} does not declare"));
                }
            }
        }
        foreach (var budget in rendering.Objects.Where(o => o.Kind == "PodDisruptionBudget"))
        {
            if (rendering.Selected(budget.Node.Map("spec", "selector", "matchLabels")).Count == 0)
            {
                failures.Add($"PodDisruptionBudget/{budget.Name} selects no pod");
            }
        }
        foreach (var autoscaler in rendering.Objects.Where(o => o.Kind == "HorizontalPodAutoscaler"))
        {
            var target = rendering.Workloads.SingleOrDefault(w => w.Kind == autoscaler.Node.Str("spec", "scaleTargetRef", "kind")
                && w.Name == autoscaler.Node.Str("spec", "scaleTargetRef", "name"));
            if (target is null)
            {
                failures.Add($"HorizontalPodAutoscaler/{autoscaler.Name} scales nothing deployed here");
            }
            else if (target.Containers.Any(c => c.Str("resources", "requests", "cpu") is null))
            {
                failures.Add($"HorizontalPodAutoscaler/{autoscaler.Name}: CPU utilization needs CPU requests on {target.Name}");
            }
            if (Int(autoscaler.Node.Str("spec", "minReplicas") ?? "1") > Int(autoscaler.Node.Str("spec", "maxReplicas")))
            {
                failures.Add($"HorizontalPodAutoscaler/{autoscaler.Name}: minReplicas above maxReplicas");
            }
        }
        // An in-cluster Redis (dev) is where the connection string says.
        var (_, _, env) = AppContainer(rendering, Apps[0]);
        if (env.GetValueOrDefault("ConnectionStrings__redis")?.Value is { } redis)
        {
            foreach (var endpoint in ConfigurationOptions.Parse(redis).EndPoints.OfType<System.Net.DnsEndPoint>().Where(e => !e.Host.Contains('.', StringComparison.Ordinal)))
            {
                var service = rendering.Objects.SingleOrDefault(o => o.Kind == "Service" && o.Name == endpoint.Host);
                if (service is null || !service.Node.Seq("spec", "ports").Any(p => p.Str("port") == endpoint.Port.ToString(CultureInfo.InvariantCulture)))
                {
                    failures.Add($"ConnectionStrings__redis points at {endpoint.Host}:{endpoint.Port}, which no Service here offers");
                }
            }
        }
        Assert.True(failures.Count == 0, $"{kustomization}:\n" + string.Join('\n', failures));
    }

    [Fact]
    public async Task TheDockerfilesBuildAndRunTheAppsTheManifestsDeclare()
    {
        var rendering = await RenderAsync("base");
        var targetFramework = TargetFrameworkRegex().Match(File.ReadAllText(Path.Combine(BuiltApps.RepositoryRoot, "Directory.Build.props")));
        Assert.True(targetFramework.Success, "Directory.Build.props names no netX.Y target framework");
        var dotnetVersion = targetFramework.Groups["version"].Value;
        foreach (var app in Apps)
        {
            var dockerfile = File.ReadAllLines(Path.Combine(BuiltApps.RepositoryRoot, app.Dockerfile))
                .Select(l => l.Trim())
                .Where(l => l.Length > 0 && !l.StartsWith('#'))
                .ToList();
            var (_, container, env) = AppContainer(rendering, app);

            Assert.Contains(dockerfile, l => l.StartsWith("ARG SDK_IMAGE=", StringComparison.Ordinal) && l.EndsWith($"/dotnet/sdk:{dotnetVersion}", StringComparison.Ordinal));
            Assert.Contains(dockerfile, l => l.StartsWith("ARG RUNTIME_IMAGE=", StringComparison.Ordinal) && l.EndsWith($"/dotnet/aspnet:{dotnetVersion}", StringComparison.Ordinal));
            foreach (var copy in dockerfile.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal)))
            {
                foreach (var source in copy.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1])
                {
                    var path = Path.Combine(BuiltApps.RepositoryRoot, source);
                    Assert.True(File.Exists(path) || Directory.Exists(path), $"{app.Dockerfile} copies {source}, which is not in the repository");
                }
            }
            var project = PublishRegex().Match(string.Join('\n', dockerfile));
            Assert.True(project.Success, $"{app.Dockerfile} runs no 'dotnet publish <project> -c Release -o /app'");
            var projectPath = project.Groups["project"].Value;
            Assert.True(File.Exists(Path.Combine(BuiltApps.RepositoryRoot, projectPath)), $"{app.Dockerfile} publishes {projectPath}, which does not exist");
            Assert.StartsWith(app.SourceDirectory + "/", projectPath, StringComparison.Ordinal);
            Assert.Equal(app.AssemblyName, Path.GetFileNameWithoutExtension(projectPath));
            Assert.Equal($"ENTRYPOINT [\"dotnet\", \"{app.AssemblyName}.dll\"]", dockerfile.Last(l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal)));

            var user = dockerfile.Last(l => l.StartsWith("USER ", StringComparison.Ordinal))["USER ".Length..];
            Assert.DoesNotContain(user.Split(':')[0], new[] { "root", "0" });
            Assert.Equal($"ENV ASPNETCORE_URLS={env["ASPNETCORE_URLS"].Value}", dockerfile.Single(l => l.StartsWith("ENV ASPNETCORE_URLS=", StringComparison.Ordinal)));
            var exposed = dockerfile.Where(l => l.StartsWith("EXPOSE ", StringComparison.Ordinal))
                .SelectMany(l => l["EXPOSE ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Select(Int)
                .Order();
            Assert.Equal(container.Seq("ports").Select(p => Int(p.Str("containerPort"))).Order(), exposed);
        }
    }

    // ----- reading the manifests -----

    private async Task<Rendering> RenderAsync(string kustomization)
    {
        var rendering = await Renderings.GetOrAdd(kustomization, k => new Lazy<Task<Rendering>>(() => RenderCoreAsync(k))).Value;
        output.WriteLine($"{kustomization}: {rendering.How}; {rendering.Objects.Count} objects");
        foreach (var secret in ExternalSecrets.Where(s => !rendering.Objects.Any(o => $"{o.Kind}/{o.Name}" == s)))
        {
            output.WriteLine($"{kustomization}: {secret} is not part of it (made by hand), so its keys are not checked here");
        }
        return rendering;
    }

    private static async Task<Rendering> RenderCoreAsync(string kustomization)
    {
        var directory = Path.Combine(K8sRoot, kustomization);
        var kubectl = FindOnPath("kubectl");
        if (kubectl is null)
        {
            var objects = new List<YamlMappingNode>();
            ReadKustomization(directory, objects);
            return new Rendering(objects.Select(o => new K8sObject(o)).ToList(),
                "kubectl is not on PATH, so the YAML files of the kustomization and its bases were read directly (generators applied; patches, replicas, images and namespace not)");
        }
        var info = new ProcessStartInfo(kubectl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = BuiltApps.RepositoryRoot,
        };
        info.ArgumentList.Add("kustomize");
        info.ArgumentList.Add(directory);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl kustomize {kustomization} ran for more than two minutes");
        }
        var yaml = await stdout;
        var errors = await stderr;
        Assert.True(process.ExitCode == 0, $"kubectl kustomize {kustomization} failed ({process.ExitCode}): {errors}");
        var warnings = string.IsNullOrWhiteSpace(errors) ? "" : $" (it warned: {errors.Trim()})";
        return new Rendering(ParseDocuments(yaml).Select(o => new K8sObject(o)).ToList(), $"rendered by {kubectl} kustomize{warnings}");
    }

    /// <summary>Without kubectl: resources (files and bases) and ConfigMap generators, nothing else.</summary>
    private static void ReadKustomization(string directory, List<YamlMappingNode> objects)
    {
        var kustomization = ParseDocuments(File.ReadAllText(Path.Combine(directory, "kustomization.yaml"))).Single();
        foreach (var resource in kustomization.Seq("resources").Select(r => r.Value()!))
        {
            var path = Path.GetFullPath(Path.Combine(directory, resource));
            if (Directory.Exists(path))
            {
                ReadKustomization(path, objects);
            }
            else
            {
                objects.AddRange(ParseDocuments(File.ReadAllText(path)));
            }
        }
        foreach (var generator in kustomization.Seq("configMapGenerator"))
        {
            var name = generator.Str("name")!;
            var lines = generator.Seq("literals").Select(l => l.Value()!)
                .Concat(generator.Seq("envs").SelectMany(e => File.ReadAllLines(Path.Combine(directory, e.Value()!))))
                .Select(l => l.Trim())
                .Where(l => l.Length > 0 && !l.StartsWith('#'));
            var configMap = objects.FirstOrDefault(o => o.Str("kind") == "ConfigMap" && o.Str("metadata", "name") == name);
            if (configMap is null)
            {
                configMap = new YamlMappingNode(
                    new YamlScalarNode("apiVersion"), new YamlScalarNode("v1"),
                    new YamlScalarNode("kind"), new YamlScalarNode("ConfigMap"),
                    new YamlScalarNode("metadata"), new YamlMappingNode(new YamlScalarNode("name"), new YamlScalarNode(name)),
                    new YamlScalarNode("data"), new YamlMappingNode());
                objects.Add(configMap);
            }
            var data = (YamlMappingNode)configMap.Get("data")!;
            foreach (var line in lines)
            {
                var equals = line.IndexOf('=', StringComparison.Ordinal);
                data.Children[new YamlScalarNode(line[..equals])] = new YamlScalarNode(line[(equals + 1)..]);
            }
        }
    }

    private static List<YamlMappingNode> ParseDocuments(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().ToList();
    }

    private static string? FindOnPath(string program) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);

    /// <summary>The single container of an app's single workload, with its environment as Kubernetes would set it.</summary>
    private static (Workload Workload, YamlNode Container, Dictionary<string, EnvVar> Env) AppContainer(Rendering rendering, App app)
    {
        var workloads = rendering.Workloads.Where(w => w.AppName == app.Name).ToList();
        Assert.True(workloads.Count == 1, $"expected one workload labelled {NameLabel}={app.Name}, found {workloads.Count}");
        var container = Assert.Single(workloads[0].Containers);
        return (workloads[0], container, ContainerEnvironment(rendering, workloads[0], container));
    }

    /// <summary>
    /// envFrom first, then env (which wins). Values that only exist at run time (pod IP, name) and values of the
    /// external Secret are null; any other reference to something not rendered fails the test.
    /// </summary>
    private static Dictionary<string, EnvVar> ContainerEnvironment(Rendering rendering, Workload workload, YamlNode container)
    {
        var env = new Dictionary<string, EnvVar>(StringComparer.Ordinal);
        foreach (var source in container.Seq("envFrom"))
        {
            var prefix = source.Str("prefix") ?? "";
            var (kind, reference) = source.Get("configMapRef") is { } configMap ? ("ConfigMap", configMap) : ("Secret", source.Get("secretRef"));
            var data = rendering.Data(kind, reference.Str("name"));
            if (data is null)
            {
                continue;
            }
            foreach (var (key, value) in data)
            {
                env[prefix + key] = new EnvVar(prefix + key, value, $"{kind}/{reference.Str("name")}");
            }
        }
        foreach (var entry in container.Seq("env"))
        {
            var name = entry.Str("name")!;
            var from = entry.Get("valueFrom");
            if (from is null)
            {
                env[name] = new EnvVar(name, entry.Str("value") ?? "", "value");
            }
            else if (from.Str("fieldRef", "fieldPath") is { } fieldPath)
            {
                var label = LabelFieldRegex().Match(fieldPath);
                env[name] = new EnvVar(name, label.Success ? workload.Labels.GetValueOrDefault(label.Groups["label"].Value) : null, $"fieldRef {fieldPath}");
            }
            else
            {
                var (kind, reference) = from.Get("configMapKeyRef") is { } configMap ? ("ConfigMap", configMap) : ("Secret", from.Get("secretKeyRef"));
                var data = rendering.Data(kind, reference.Str("name"));
                env[name] = new EnvVar(name, data?.GetValueOrDefault(reference.Str("key")!), $"{kind}/{reference.Str("name")} key {reference.Str("key")}");
            }
        }
        return env;
    }

    // ----- what the apps know -----

    private static bool IsPlatformVariable(string name) =>
        name == "ASPNETCORE_URLS"
        || name.StartsWith("POD_", StringComparison.Ordinal)
        || name.StartsWith("ORLEANS_", StringComparison.Ordinal)
        || name.StartsWith("DOTNET_", StringComparison.Ordinal);

    /// <summary>
    /// A__B__C as the configuration key A:B:C: ConnectionStrings:redis, or a path of properties (dictionary keys,
    /// list indexes) from an options type the apps bind, ending at a value its text converts to.
    /// </summary>
    private static string? CheckSetting(EnvVar variable)
    {
        var segments = variable.Name.Split("__");
        if (segments[0] == "ConnectionStrings")
        {
            return segments.Length == 2 && segments[1] == SiloHostingExtensions.RedisConnectionName
                ? null
                : $"the apps read one connection string, ConnectionStrings__{SiloHostingExtensions.RedisConnectionName}";
        }
        var key = string.Join(':', segments);
        var (section, type) = Sections.FirstOrDefault(s => key.StartsWith(s.Section + ":", StringComparison.Ordinal));
        if (section is null)
        {
            return $"no options section the apps bind ({string.Join(", ", Sections.Select(s => s.Section))}) holds it";
        }
        foreach (var segment in key[(section.Length + 1)..].Split(':'))
        {
            if (IsScalar(type))
            {
                return $"{type.Name} is a single value, it has no '{segment}'";
            }
            if (DictionaryValueType(type) is { } valueType)
            {
                if (type == typeof(Dictionary<string, TenantOptions>) && !SessionToken.IsValidTenantId(segment))
                {
                    return $"'{segment}' is not a valid tenant id";
                }
                type = valueType;
            }
            else if (ListItemType(type) is { } itemType)
            {
                if (!int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    return $"'{segment}' is not a list index";
                }
                type = itemType;
            }
            else
            {
                var property = type.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance);
                if (property is null)
                {
                    return $"{type.Name} has no property '{segment}' (it has {string.Join(", ", type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name))})";
                }
                type = property.PropertyType;
            }
        }
        if (!IsScalar(type))
        {
            return $"names a whole {type.Name}, not a setting";
        }
        if (variable.Value is { } value)
        {
            try
            {
                TypeDescriptor.GetConverter(Nullable.GetUnderlyingType(type) ?? type).ConvertFromInvariantString(value);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException)
            {
                return $"'{value}' is not a {type.Name}: {ex.Message}";
            }
        }
        return null;
    }

    private static bool IsScalar(Type type) =>
        type == typeof(string) || TypeDescriptor.GetConverter(Nullable.GetUnderlyingType(type) ?? type).CanConvertFrom(typeof(string));

    private static Type? DictionaryValueType(Type type) =>
        type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>) && i.GetGenericArguments()[0] == typeof(string))
            ?.GetGenericArguments()[1];

    private static Type? ListItemType(Type type) =>
        type.IsArray
            ? type.GetElementType()
            : type.GetInterfaces().Append(type)
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IList<>))
                ?.GetGenericArguments()[0];

    private static int HttpPort(App app, Dictionary<string, EnvVar> env)
    {
        var urls = env.GetValueOrDefault("ASPNETCORE_URLS")?.Value;
        Assert.True(urls is not null, $"{app.Name}: ASPNETCORE_URLS is not set, so where it listens is the image's business");
        var ports = urls.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(u => new Uri(u.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal)).Port)
            .Distinct()
            .ToList();
        return Assert.Single(ports);
    }

    private static int OrleansPort(Dictionary<string, EnvVar> env, string name, int fallback) =>
        env.GetValueOrDefault($"Orleans__Endpoints__{name}")?.Value is { } value ? Int(value) : fallback;

    private static int? ContainerPort(YamlNode container, string? nameOrNumber) =>
        container.Seq("ports")
            .Where(p => p.Str("name") == nameOrNumber || p.Str("containerPort") == nameOrNumber)
            .Select(p => (int?)Int(p.Str("containerPort")))
            .FirstOrDefault();

    /// <summary>HostOptions.ShutdownTimeout as the app's own code sets it, else the framework's default.</summary>
    private static (int Seconds, string Source) ShutdownTimeout(App app)
    {
        if (app.IsSilo)
        {
            return ((int)Math.Ceiling(SiloHostingExtensions.GracefulShutdown.TotalSeconds), "SiloHostingExtensions.GracefulShutdown");
        }
        var set = Directory.EnumerateFiles(Path.Combine(BuiltApps.RepositoryRoot, app.SourceDirectory), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => ShutdownTimeoutRegex().Matches(File.ReadAllText(f)))
            .Select(m => Int(m.Groups["seconds"].Value))
            .ToList();
        return set.Count > 0
            ? (set.Max(), $"set in {app.SourceDirectory}")
            : ((int)Math.Ceiling(new HostOptions().ShutdownTimeout.TotalSeconds), "the .NET default; none set in " + app.SourceDirectory);
    }

    private static int PreStopSeconds(YamlNode container)
    {
        var preStop = container.At("lifecycle", "preStop");
        if (preStop.Str("sleep", "seconds") is { } seconds)
        {
            return Int(seconds);
        }
        var command = preStop.Seq("exec", "command").Select(c => c.Value()).ToList();
        return command is ["sleep", var value] ? Int(value) : 0;
    }

    private static int Int(string? value) => int.Parse(value ?? throw new FormatException("no number"), NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^metadata\.labels\['(?<label>[^']+)'\]$")]
    private static partial Regex LabelFieldRegex();

    [GeneratedRegex(@"ShutdownTimeout\s*=\s*TimeSpan\.FromSeconds\((?<seconds>\d+)\)")]
    private static partial Regex ShutdownTimeoutRegex();

    [GeneratedRegex(@"<TargetFramework>net(?<version>\d+\.\d+)</TargetFramework>")]
    private static partial Regex TargetFrameworkRegex();

    [GeneratedRegex(@"dotnet publish (?<project>\S+\.csproj) -c Release -o /app")]
    private static partial Regex PublishRegex();

    private sealed record App(string Name, string AssemblyName, string SourceDirectory, string Dockerfile, bool IsSilo);

    private sealed record EnvVar(string Name, string? Value, string Source);

    private sealed class K8sObject(YamlMappingNode node)
    {
        public YamlMappingNode Node { get; } = node;

        public string? Kind { get; } = node.Str("kind");

        public string? Name { get; } = node.Str("metadata", "name");
    }

    private sealed class Workload(K8sObject workload)
    {
        public string? Kind => workload.Kind;

        public string? Name => workload.Name;

        public YamlNode Template { get; } = workload.Node.At("spec", "template")!;

        public IReadOnlyDictionary<string, string> Labels => Template.Map("metadata", "labels");

        public string? AppName => Labels.GetValueOrDefault(NameLabel);

        public IReadOnlyList<YamlNode> Containers => Template.Seq("spec", "containers").ToList();
    }

    private sealed class Rendering(IReadOnlyList<K8sObject> objects, string how)
    {
        public IReadOnlyList<K8sObject> Objects { get; } = objects;

        public string How { get; } = how;

        public IReadOnlyList<Workload> Workloads { get; } = objects.Where(o => o.Kind is "Deployment" or "StatefulSet" or "DaemonSet").Select(o => new Workload(o)).ToList();

        /// <summary>Workloads whose pods carry every label given.</summary>
        public List<Workload> Selected(IReadOnlyDictionary<string, string> labels) =>
            labels.Count == 0 ? [] : Workloads.Where(w => labels.All(l => w.Labels.GetValueOrDefault(l.Key) == l.Value)).ToList();

        /// <summary>A ConfigMap's data or a Secret's (data decoded, stringData); null when not rendered (only the external Secret may be missing).</summary>
        public Dictionary<string, string>? Data(string kind, string? name)
        {
            var found = Objects.SingleOrDefault(o => o.Kind == kind && o.Name == name);
            if (found is null)
            {
                Assert.True(ExternalSecrets.Contains($"{kind}/{name}"), $"{kind}/{name} is referenced but not deployed");
                return null;
            }
            var data = found.Node.Map("data").ToDictionary(
                kv => kv.Key,
                kv => kind == "Secret" ? Encoding.UTF8.GetString(Convert.FromBase64String(kv.Value)) : kv.Value,
                StringComparer.Ordinal);
            foreach (var (key, value) in found.Node.Map("stringData"))
            {
                data[key] = value;
            }
            return data;
        }
    }
}

/// <summary>Null-tolerant navigation of parsed YAML.</summary>
file static class YamlNodes
{
    public static YamlNode? Get(this YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static YamlNode? At(this YamlNode? node, params string[] path) => path.Aggregate(node, (current, key) => current.Get(key));

    public static string? Str(this YamlNode? node, params string[] path) => node.At(path).Value();

    public static string? Value(this YamlNode? node) => (node as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Seq(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlSequenceNode sequence ? sequence.Children : [];

    public static Dictionary<string, string> Map(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlMappingNode map
            ? map.Children.Where(c => c.Value is YamlScalarNode).ToDictionary(c => c.Key.Value()!, c => c.Value.Value() ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
}
