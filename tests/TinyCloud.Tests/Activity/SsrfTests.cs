using System.Net;
using Microsoft.Extensions.Options;
using TinyCloud.Shared.Webhooks;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Activity;

/// <summary>
/// Webhook targets inside a network are refused, with the local-only switch off (as in production): when the endpoint
/// is registered, and again where a delivery connects. A receiver listens on loopback to show nothing reaches it.
/// </summary>
[Collection(Areas.Activity)]
public sealed class SsrfTests(Stack stack, ITestOutputHelper output)
{
    private static IEnumerable<string> Targets(int port) =>
    [
        $"https://127.0.0.1:{port}/hook",
        "https://127.1.2.3/",
        $"https://[::1]:{port}/hook",
        "https://[::ffff:127.0.0.1]/",
        "https://[::]/",
        "https://0.0.0.0/",
        "https://10.0.0.1/",
        "https://10.255.255.254/",
        "https://172.16.0.1/",
        "https://172.31.255.254/",
        "https://192.168.1.1/",
        "https://169.254.169.254/latest/meta-data/",
        "https://168.63.129.16/",
        "https://100.64.0.1/",
        "https://100.127.255.254/",
        "https://[fd00::1]/",
        "https://[fd00:ec2::254]/",
        "https://[fe80::1]/",
        $"https://localhost:{port}/hook",
        $"https://localhost.:{port}/hook",
        $"https://2130706433:{port}/hook", // 127.0.0.1 in decimal
        $"https://0177.0.0.1:{port}/hook", // octal
        $"https://0x7f.0.0.1:{port}/hook", // hex
        $"https://0x7f000001:{port}/hook",
        $"https://017700000001:{port}/hook",
        $"http://127.0.0.1:{port}/redirect", // plain http, and a redirect to loopback behind it
        "http://example.com/hook",
        $"https://user:secret@127.0.0.1:{port}/hook",
    ];

    [Fact]
    public async Task EveryInternalTargetIsRefusedWhenRegistered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var owner = await stack.Worker.NewClient().SignUpAsync();
        var targets = Targets(receiver.BaseAddress.Port).ToList();
        targets.Count.ShouldBeGreaterThanOrEqualTo(20);
        foreach (var url in targets)
        {
            var created = await owner.PostAsync("/api/activity-service/create-webhook", new { url });
            output.WriteLine($"{url,-50} {(int)created.Status} {created.Body["error"]}");
            created.ShouldBeError(HttpStatusCode.BadRequest);
        }
        var listed = await owner.GetAsync("/api/activity-service/list-webhooks");
        listed.ShouldBeSuccess();
        listed.Body["webhooks"]!.AsArray().ShouldBeEmpty();
        receiver.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task EveryInternalTargetIsRefusedWhereADeliveryConnects()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var client = new WebhookClient(Options.Create(new WebhookOptions { AllowLocalTargets = false, TimeoutSeconds = 5 }));
        foreach (var url in Targets(receiver.BaseAddress.Port))
        {
            var result = await client.PostAsync(url, new Dictionary<string, string>(), "{}", TestContext.Current.CancellationToken);
            output.WriteLine($"{url,-50} {result.Error}");
            result.Succeeded.ShouldBeFalse(url);
            result.Status.ShouldBeNull(url); // refused before any request was sent
        }
        receiver.Received.ShouldBeEmpty();
    }

    [Fact]
    public void TheLocalSwitchAdmitsLoopbackAndHttpButNoPrivateRange()
    {
        var local = new TargetPolicy(allowLocal: true);
        local.CheckUrl("http://127.0.0.1:8080/hook").ShouldBeNull();
        local.CheckAddress(IPAddress.IPv6Loopback).ShouldBeNull();
        local.CheckAddress(IPAddress.Parse("10.0.0.1")).ShouldNotBeNull();
        local.CheckAddress(IPAddress.Parse("169.254.169.254")).ShouldNotBeNull();
        new TargetPolicy(allowLocal: false).CheckAddress(IPAddress.Parse("93.184.215.14")).ShouldBeNull("a public address");
        new TargetPolicy(allowLocal: false).CheckAddress(IPAddress.Parse("2606:2800:21f:cb07:6820:80da:af6b:8b2c")).ShouldBeNull();
    }

    [Fact]
    public async Task TheWorkerRefusesTheLocalSwitchUnderAzure()
    {
        var printed = await stack.StartupFailureAsync("Webhooks:AllowLocalTargets", "true", ("WEBSITE_INSTANCE_ID", "a1b2c3"));
        printed.ShouldContain("Webhooks:AllowLocalTargets is for local runs and tests only");
    }
}
