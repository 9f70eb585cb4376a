namespace SessionCluster.Hosting.Options;

/// <summary>The silo's Orleans dashboard (<c>SessionCluster:Dashboard</c>): off unless <see cref="AdminKey"/> is set.</summary>
public sealed class AdminDashboardOptions
{
    public const string SectionName = "SessionCluster:Dashboard";

    /// <summary>A key of at least this many characters: it is a password that HTTP Basic sends on every request.</summary>
    public const int MinimumKeyLength = 32;

    /// <summary>The password of user <c>admin</c> (HTTP Basic). Unset: no dashboard.</summary>
    public string? AdminKey { get; set; }

    /// <summary>
    /// False (default): the views that show more than counters are not served: the live log stream (<c>Trace</c>), any
    /// grain's state (<c>GrainState</c>: token hashes, addresses, sealed data) and the reminder list (<c>Reminders</c>:
    /// every user grain's tenant and user id). True serves them to whoever holds the key.
    /// </summary>
    public bool SensitiveViews { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(AdminKey);
}
