using BenchmarkDotNet.Attributes;
using SessionCluster.Grains.Domain;

namespace SessionCluster.Bench.Micro;

/// <summary>What every validate does first: split the token (API / client helper), then check its secret against the stored hash (grain).</summary>
[MemoryDiagnoser]
public class TokenBenchmarks
{
    private string _token = "";
    private string _secret = "";
    private byte[] _storedHash = [];
    private byte[] _otherHash = [];
    private string _malformed = "";

    [GlobalSetup]
    public void Setup()
    {
        (_token, _, _secret) = Samples.NewToken();
        _storedHash = TokenCrypto.Hash(_secret);
        _otherHash = TokenCrypto.Hash(TokenCrypto.NewSecret());
        _malformed = _token[..^1] + "!";
    }

    [Benchmark(Description = "SessionToken.TryParse (valid)")]
    public bool Parse() => SessionToken.TryParse(_token, out _, out _, out _);

    [Benchmark(Description = "SessionToken.TryParse (malformed)")]
    public bool ParseMalformed() => SessionToken.TryParse(_malformed, out _, out _, out _);

    [Benchmark(Description = "TokenCrypto.Hash")]
    public byte[] Hash() => TokenCrypto.Hash(_secret);

    [Benchmark(Description = "TokenCrypto.Matches (match)")]
    public bool Matches() => TokenCrypto.Matches(_secret, _storedHash);

    [Benchmark(Description = "TokenCrypto.Matches (mismatch)")]
    public bool Mismatch() => TokenCrypto.Matches(_secret, _otherHash);
}
