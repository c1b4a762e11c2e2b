using System.Globalization;
using System.Net;

namespace TinyCloud.Tests.Deployment;

/// <summary>The TCP sockets a process listens on, read from Linux's /proc (its socket fds matched to /proc/net/tcp*).</summary>
public static class LoopbackSockets
{
    private const string Listen = "0A";

    public static IReadOnlyList<string> ListeningBy(int processId)
    {
        var inodes = Directory.GetFiles($"/proc/{processId}/fd")
            .Select(fd => new FileInfo(fd).LinkTarget)
            .Where(target => target?.StartsWith("socket:[", StringComparison.Ordinal) == true)
            .Select(target => target!["socket:[".Length..^1])
            .ToHashSet();
        return new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists)
            .SelectMany(table => File.ReadLines(table).Skip(1))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(columns => columns[3] == Listen && inodes.Contains(columns[9]))
            .Select(columns => Endpoint(columns[1]))
            .Order()
            .ToList();
    }

    // "0100007F:1F90" is 127.0.0.1:8080: the address is the kernel's bytes printed as 32-bit words in host order.
    private static string Endpoint(string hex)
    {
        var (address, port) = (hex[..hex.IndexOf(':')], int.Parse(hex[(hex.IndexOf(':') + 1)..], NumberStyles.HexNumber));
        var bytes = Enumerable.Range(0, address.Length / 8)
            .SelectMany(word => BitConverter.GetBytes(uint.Parse(address.Substring(word * 8, 8), NumberStyles.HexNumber)))
            .ToArray();
        var ip = new IPAddress(bytes);
        return ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip}]:{port}" : $"{ip}:{port}";
    }
}
