namespace SessionCluster.Api.Http;

/// <summary>
/// Retries a grain call that failed because the cluster was briefly unreachable (a silo leaving or failing):
/// the next attempt reaches the grain's new activation. Only for calls that are safe to repeat: reads,
/// validation, revocation, extension, refresh (a repeated refresh inside the reuse grace gets the same pair) and
/// create with an idempotency key (a repeated create gets the same session and tokens), listing, revoking all, erasing.
/// Not retried: data writes (a repeat after a lost answer would meet its own new version) and step-up (a code is
/// single-use).
/// </summary>
public static class ClusterRetry
{
    private const int Attempts = 3;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(250);

    public static Task RunAsync(Func<Task> call) => RunAsync(async () =>
    {
        await call();
        return true;
    });

    public static async Task<T> RunAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception ex) when (attempt < Attempts && ClusterErrors.IsUnavailable(ex))
            {
                await Task.Delay(Pause * attempt);
            }
        }
    }
}
