using System.Net;
using Microsoft.Extensions.Options;

namespace TinyCloud.Functions.Http;

/// <summary>Where the client's address comes from (section <c>ClientAddress</c>); see README "Security model".</summary>
public sealed class ClientAddressOptions
{
    /// <summary>
    /// The header the nearest trusted proxy writes. The Functions host forwards every request to the worker with YARP's
    /// default transforms, which <em>set</em> X-Forwarded-For to the peer it saw, replacing whatever the client sent.
    /// </summary>
    public string Header { get; set; } = "X-Forwarded-For";

    /// <summary>How many entries, counted from the right, trusted proxies appended; the one that many from the right is the client.</summary>
    public int TrustedHops { get; set; } = 1;
}

/// <summary>
/// The client's address for throttling. Only entries written by trusted proxies are read, from the right, so a value
/// the client put in the header itself (always further left) cannot change its address.
/// </summary>
public sealed class ClientAddress(IOptions<ClientAddressOptions> options)
{
    public string Of(HttpRequest request)
    {
        var entries = request.Headers[options.Value.Header]
            .SelectMany(value => (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        if (entries.Count > 0)
        {
            // Fewer entries than trusted hops: the leftmost is still one a trusted proxy wrote.
            var entry = entries[Math.Max(0, entries.Count - options.Value.TrustedHops)];
            if (Parse(entry) is { } forwarded)
                return forwarded;
        }
        return request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    /// <summary>An IPv4 or IPv6 address, with an optional port ("203.0.113.9:5123", "[2001:db8::1]:443") dropped.</summary>
    public static string? Parse(string entry)
    {
        if (IPAddress.TryParse(entry, out var address))
            return address.ToString();
        if (IPEndPoint.TryParse(entry, out var endPoint))
            return endPoint.Address.ToString();
        return null;
    }
}
