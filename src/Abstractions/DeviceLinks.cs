namespace SessionCluster;

/// <summary>Where a device link stands.</summary>
[GenerateSerializer, Alias("DeviceLinkStatus")]
public enum DeviceLinkStatus
{
    /// <summary>Waiting for a signed-in device of the user to approve the code.</summary>
    Pending = 0,
    /// <summary>Approved; the new device's next poll receives its session.</summary>
    Approved = 1,
    /// <summary>The new device has received its session; the link is spent.</summary>
    Consumed = 2,
    /// <summary>Not approved (or not collected) in time.</summary>
    Expired = 3,
}

/// <summary>Why a device-link operation did not succeed.</summary>
[GenerateSerializer, Alias("DeviceLinkError")]
public enum DeviceLinkError
{
    /// <summary>No error.</summary>
    None = 0,
    /// <summary>No such link or code in this tenant, or already used (<c>link_not_found</c>).</summary>
    NotFound = 1,
    /// <summary>The link expired (<c>link_expired</c>).</summary>
    Expired = 2,
    /// <summary>The approving session must step up before it may approve a new device (<c>step_up_required</c>).</summary>
    StepUpRequired = 3,
}

/// <summary>A started link: what the new device shows its user.</summary>
[GenerateSerializer, Immutable, Alias("DeviceLinkStart")]
public sealed record DeviceLinkStart
{
    /// <summary>The new device polls with this (not a credential to approve with).</summary>
    [Id(0)] public required string LinkId { get; init; }
    /// <summary>Short code the user types on a signed-in device, e.g. <c>WDJB-MJHT</c>.</summary>
    [Id(1)] public required string UserCode { get; init; }
    /// <summary>When the code stops working.</summary>
    [Id(2)] public DateTimeOffset ExpiresAt { get; init; }
}

/// <summary>A poll's answer. <see cref="Session"/> and <see cref="Tokens"/> come exactly once, with the first <c>approved</c>.</summary>
[GenerateSerializer, Immutable, Alias("DeviceLinkPoll")]
public sealed record DeviceLinkPoll
{
    /// <summary><see cref="DeviceLinkError.NotFound"/> for an unknown link.</summary>
    [Id(0)] public DeviceLinkError Error { get; init; }
    /// <summary>Where the link stands.</summary>
    [Id(1)] public DeviceLinkStatus Status { get; init; }
    /// <summary>The new device's session, on the one answer that hands it over.</summary>
    [Id(2)] public SessionView? Session { get; init; }
    /// <summary>The new device's tokens, on the one answer that hands them over.</summary>
    [Id(3)] public SessionTokens? Tokens { get; init; }
}

/// <summary>A pending link from a new device. Key: <c>{tenantId}/{linkId}</c>.</summary>
[Alias("IDeviceLinkGrain")]
public interface IDeviceLinkGrain : IGrainWithStringKey
{
    /// <summary>Opens the link and reserves a user code for it.</summary>
    [Alias("Start")]
    Task<DeviceLinkStart> StartAsync(DeviceInfo device, ClientInfo? client);

    /// <summary>Approval by a signed-in session of <paramref name="userId"/>; single-use.</summary>
    [Alias("Approve")]
    Task<DeviceLinkError> ApproveAsync(string userId, string approverSessionId);

    /// <summary>The new device asks where its link stands; the first answer after approval carries its session.</summary>
    [Alias("Poll")]
    Task<DeviceLinkPoll> PollAsync();
}

/// <summary>Finds a link by the code a user typed. Key: <c>{tenantId}/{userCode}</c> (normalized, no dash).</summary>
[Alias("IUserCodeGrain")]
public interface IUserCodeGrain : IGrainWithStringKey
{
    /// <summary>The link holding the code, if any.</summary>
    [Alias("Resolve")]
    Task<string?> ResolveAsync();
}

/// <summary>The user-code alphabet and format (RFC 8628 §6.1: no vowels, no look-alikes).</summary>
public static class UserCodes
{
    /// <summary>20 consonants: 8 characters give 2.56 × 10^10 codes.</summary>
    public const string Alphabet = "BCDFGHJKLMNPQRSTVWXZ";

    /// <summary>Characters in a code, without the dash.</summary>
    public const int Length = 8;

    /// <summary>Uppercases and drops dashes and spaces; null when what remains is not a possible code.</summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null || typed.Length > 32)
        {
            return null;
        }
        var code = new string([.. typed.Where(c => c is not ('-' or ' ')).Select(char.ToUpperInvariant)]);
        return code.Length == Length && code.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) ? code : null;
    }

    /// <summary>Displays a normalized code as XXXX-XXXX.</summary>
    public static string Display(string code) => string.Concat(code.AsSpan(0, 4), "-", code.AsSpan(4));
}
