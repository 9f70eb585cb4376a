using System.Globalization;

namespace SessionCluster.Bench.OrleansLoad;

/// <summary>Command line of the load generator (see <see cref="Usage"/>).</summary>
internal sealed class LoadOptions
{
    public const string Usage = """
        usage: OrleansLoad <create|validate|mix> [options]
          create     creates sessions: --count N of them (default), or for --duration s; pairs go to --tokens-out
          validate   validates access tokens from --tokens: for --duration s, or each token exactly once (--once)
          mix        validate-heavy: per 200 calls 190 validate, 8 refresh, 1 create, 1 revoke, for --duration s;
                     the pairs it ends with go to --tokens-out (a rotated refresh token must not be used again)
        options:
          --redis HOST:PORT       Redis of the cluster (clustering only)            default 127.0.0.1:16390
          --cluster-id ID         Orleans cluster and service id                   default sessioncluster
          --tenant ID                                                              default bench
          --tokens FILE           "accessToken refreshToken" per line (validate, mix)
          --tokens-out FILE       pairs created (create) or held at the end (mix)
          --workers N             concurrent calls in flight                       default 64
          --count N               create: sessions to create                       default 10000
          --warmup S              seconds run before the measured window           default 0
          --duration S            measured seconds (create: instead of --count)
          --once                  validate: each token once (after --sample), measured from first to last call
          --sample K              validate: a random sample of K tokens of the file (with --seed)
          --seed N                random seed for --sample                         default 1
          --sessions-per-user N   create: sessions per user id                     default 1
          --user-prefix P         create: user ids are P0, P1, ...                 default o<run-id>-
          --ip IP, --ua UA        the client of every call (as at creation)        default 127.0.0.1, bench/1.0
          --mark-file FILE        writes "start" when the measured window opens, "end" when it closes, then waits
                                  until a line "done" is appended (so a driver can take CPU readings around it)
          --run-id ID             makes user ids unique per run                    default the start time
          --quiet                 no progress lines
        Progress goes to stderr once per second; the result table and a RESULT line to stdout.
        """;

    public string Mode { get; private set; } = "";
    public string Redis { get; private set; } = "127.0.0.1:16390";
    public string ClusterId { get; private set; } = "sessioncluster";
    public string Tenant { get; private set; } = "bench";
    public string? Tokens { get; private set; }
    public string? TokensOut { get; private set; }
    public int Workers { get; private set; } = 64;
    public int Count { get; private set; } = 10_000;
    public double Warmup { get; private set; }
    public double? Duration { get; private set; }
    public bool Once { get; private set; }
    public int? Sample { get; private set; }
    public int Seed { get; private set; } = 1;
    public int SessionsPerUser { get; private set; } = 1;
    public string? UserPrefix { get; private set; }
    public string Ip { get; private set; } = "127.0.0.1";
    public string UserAgent { get; private set; } = "bench/1.0";
    public string? MarkFile { get; private set; }
    public string RunId { get; private set; } = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
    public bool Quiet { get; private set; }

    public string EffectiveUserPrefix => UserPrefix ?? $"o{RunId}-";

    /// <summary>The options, or an error message.</summary>
    public static (LoadOptions? Options, string? Error) Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            return (null, "");
        }
        var o = new LoadOptions { Mode = args[0] };
        if (o.Mode is not ("create" or "validate" or "mix"))
        {
            return (null, $"unknown mode '{o.Mode}'");
        }
        for (var i = 1; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--once")
            {
                o.Once = true;
                continue;
            }
            if (name == "--quiet")
            {
                o.Quiet = true;
                continue;
            }
            if (i + 1 >= args.Length)
            {
                return (null, $"{name} needs a value");
            }
            var value = args[++i];
            try
            {
                switch (name)
                {
                    case "--redis": o.Redis = value; break;
                    case "--cluster-id": o.ClusterId = value; break;
                    case "--tenant": o.Tenant = value; break;
                    case "--tokens": o.Tokens = value; break;
                    case "--tokens-out": o.TokensOut = value; break;
                    case "--workers": o.Workers = Positive(value); break;
                    case "--count": o.Count = Positive(value); break;
                    case "--warmup": o.Warmup = double.Parse(value, CultureInfo.InvariantCulture); break;
                    case "--duration": o.Duration = double.Parse(value, CultureInfo.InvariantCulture); break;
                    case "--sample": o.Sample = Positive(value); break;
                    case "--seed": o.Seed = int.Parse(value, CultureInfo.InvariantCulture); break;
                    case "--sessions-per-user": o.SessionsPerUser = Positive(value); break;
                    case "--user-prefix": o.UserPrefix = value; break;
                    case "--ip": o.Ip = value; break;
                    case "--ua": o.UserAgent = value; break;
                    case "--mark-file": o.MarkFile = value; break;
                    case "--run-id": o.RunId = value; break;
                    default: return (null, $"unknown option {name}");
                }
            }
            catch (FormatException)
            {
                return (null, $"{name}: '{value}' is not a valid value");
            }
        }
        if (o.Mode is "validate" or "mix" && o.Tokens is null)
        {
            return (null, $"{o.Mode} needs --tokens");
        }
        if (o.Mode is "validate" && !o.Once && o.Duration is null)
        {
            return (null, "validate needs --duration or --once");
        }
        if (o.Mode is "mix" && o.Duration is null)
        {
            return (null, "mix needs --duration");
        }
        return (o, null);
    }

    private static int Positive(string value)
    {
        var n = int.Parse(value, CultureInfo.InvariantCulture);
        return n > 0 ? n : throw new FormatException();
    }
}
