using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using TinyCloud.Functions.Http;

namespace TinyCloud.Tests.Security;

public sealed class ClientAddressTests
{
    private static string Resolve(string? forwardedFor, int hops = 1)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback;
        if (forwardedFor is not null)
            context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        return new ClientAddress(Options.Create(new ClientAddressOptions { TrustedHops = hops })).Of(context.Request);
    }

    [Theory]
    [InlineData("203.0.113.9", 1, "203.0.113.9")]
    [InlineData("6.6.6.6, 203.0.113.9", 1, "203.0.113.9")]
    [InlineData("6.6.6.6, 203.0.113.9, 10.0.0.4", 2, "203.0.113.9")]
    [InlineData("203.0.113.9:50123", 1, "203.0.113.9")]
    [InlineData("[2001:db8::1]:443", 1, "2001:db8::1")]
    [InlineData("203.0.113.9", 3, "203.0.113.9")]
    public void TheClientIsTheEntryTrustedProxiesWroteCountedFromTheRight(string header, int hops, string expected) =>
        Resolve(header, hops).ShouldBe(expected);

    [Theory]
    [InlineData(null)]
    [InlineData("not-an-address")]
    public void WithoutAUsableHeaderTheConnectionsPeerIsTheClient(string? header) => Resolve(header).ShouldBe("127.0.0.1");
}
