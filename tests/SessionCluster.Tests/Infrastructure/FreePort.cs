using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace SessionCluster.Tests.Infrastructure;

public static class FreePort
{
    private static readonly ConcurrentDictionary<int, bool> HandedOut = new();

    /// <summary>
    /// A loopback TCP port nobody listens on right now, and never one this test run handed out before: a port
    /// given to a process that has not bound it yet looks free to the OS and could otherwise be given twice.
    /// </summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (HandedOut.TryAdd(port, true))
            {
                return port;
            }
        }
        throw new InvalidOperationException("no fresh loopback port after 100 attempts");
    }
}
