using System.Net;
using System.Net.Sockets;

namespace TinyCloud.Shared.Webhooks;

/// <summary>
/// Which webhook targets may be reached (SSRF): https only, and never an address inside a network: loopback, private
/// (10/8, 172.16/12, 192.168/16), link-local (169.254/16, with the cloud metadata address), CGNAT (100.64/10), Azure's
/// platform address (168.63.129.16), unique-local (fc00::/7), IPv6 link-local, multicast, documentation and reserved
/// ranges, and any IPv4 among them written as IPv6 (mapped, NAT64). <see cref="WebhookOptions.AllowLocalTargets"/>
/// admits http and loopback (never the others) for local runs.
/// </summary>
public sealed class TargetPolicy(bool allowLocal)
{
    private static readonly (IPAddress Network, int Bits)[] Refused =
    [
        (IPAddress.Parse("0.0.0.0"), 8), (IPAddress.Parse("10.0.0.0"), 8), (IPAddress.Parse("100.64.0.0"), 10),
        (IPAddress.Parse("127.0.0.0"), 8), (IPAddress.Parse("169.254.0.0"), 16), (IPAddress.Parse("172.16.0.0"), 12),
        (IPAddress.Parse("192.0.0.0"), 24), (IPAddress.Parse("192.0.2.0"), 24), (IPAddress.Parse("192.88.99.0"), 24),
        (IPAddress.Parse("192.168.0.0"), 16), (IPAddress.Parse("198.18.0.0"), 15), (IPAddress.Parse("198.51.100.0"), 24),
        (IPAddress.Parse("203.0.113.0"), 24), (IPAddress.Parse("224.0.0.0"), 4), (IPAddress.Parse("240.0.0.0"), 4),
        (IPAddress.Parse("168.63.129.16"), 32),
        (IPAddress.Parse("::"), 128), (IPAddress.Parse("::1"), 128), (IPAddress.Parse("64:ff9b::"), 96),
        (IPAddress.Parse("64:ff9b:1::"), 48), (IPAddress.Parse("100::"), 64), (IPAddress.Parse("2001::"), 23),
        (IPAddress.Parse("2001:db8::"), 32), (IPAddress.Parse("2002::"), 16), (IPAddress.Parse("fc00::"), 7),
        (IPAddress.Parse("fe80::"), 10), (IPAddress.Parse("fec0::"), 10), (IPAddress.Parse("ff00::"), 8),
    ];

    public bool AllowLocal => allowLocal;

    /// <summary>Why a URL is not a webhook target (before any lookup), or null.</summary>
    public string? CheckUrl(string url)
    {
        if (url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
            return "url must be an absolute https:// URL of at most 2000 characters.";
        if (uri.Scheme != Uri.UriSchemeHttps && !(allowLocal && uri.Scheme == Uri.UriSchemeHttp))
            return "url must use https://.";
        if (!string.IsNullOrEmpty(uri.UserInfo))
            return "url must not carry a user name or password.";
        if (!string.IsNullOrEmpty(uri.Fragment))
            return "url must not have a #fragment.";
        if (IPAddress.TryParse(uri.IdnHost, out var literal) && CheckAddress(literal) is { } refused)
            return refused;
        return null;
    }

    /// <summary>Why an address may not be connected to, or null.</summary>
    public string? CheckAddress(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (allowLocal && IPAddress.IsLoopback(address))
            return null;
        foreach (var (network, bits) in Refused)
            if (network.AddressFamily == address.AddressFamily && InRange(address, network, bits))
                return $"url leads to {address}, an address inside a private, loopback, link-local or reserved network; webhooks go to public addresses only.";
        return null;
    }

    /// <summary>Resolves the host and checks every address it has; the checked addresses, or why none may be used.</summary>
    public async Task<(IReadOnlyList<IPAddress> Addresses, string? Refusal)> ResolveAsync(string host, CancellationToken ct)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
            addresses = [literal];
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, ct);
            }
            catch (SocketException)
            {
                return ([], $"url's host '{host}' does not resolve.");
            }
        }
        if (addresses.Length == 0)
            return ([], $"url's host '{host}' has no address.");
        // Every address must pass: a name with one public and one private address could be rebound to the other.
        foreach (var address in addresses)
            if (CheckAddress(address) is { } refused)
                return ([], refused);
        return (addresses, null);
    }

    private static bool InRange(IPAddress address, IPAddress network, int bits)
    {
        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        for (var i = 0; i < a.Length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : (byte)(0xFF << (8 - bits));
            if ((a[i] & mask) != (n[i] & mask))
                return false;
        }
        return true;
    }
}
