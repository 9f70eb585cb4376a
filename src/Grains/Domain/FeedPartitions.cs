using System.Text;

namespace SessionCluster.Grains.Domain;

/// <summary>Which feed partition a user's events go to: a stable hash (FNV-1a, 32 bit), the same in every process and version.</summary>
public static class FeedPartitions
{
    public static int Of(string userId, int partitions)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(userId))
        {
            hash = (hash ^ b) * 16777619u;
        }
        return (int)(hash % (uint)partitions);
    }
}
