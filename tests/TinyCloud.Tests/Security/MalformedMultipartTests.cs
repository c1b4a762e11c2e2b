using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using MongoDB.Driver;
using TinyCloud.Shared.Drive;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Security;

/// <summary>Broken multipart bodies get a 400, 413 or 415 envelope and change nothing; never a 500.</summary>
[Collection(Areas.Accounts)]
public sealed partial class MalformedMultipartTests(Stack stack)
{
    public const string Upload = "/api/fs-service/upload-file";
    public const string Avatar = "/api/user-service/set-user-img";

    private static readonly string Meta = """{"fs_entity":{"name":"m.bin","abs_path":"/m.bin","base_type":"file"},"file_field":"mere"}""";

    /// <summary>Each case: a name, the Content-Type header, the body.</summary>
    public static IEnumerable<(string Name, string ContentType, byte[] Body)> Cases()
    {
        static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
        var whole = $"--B\r\nContent-Disposition: form-data; name=\"request\"\r\n\r\n{Meta}\r\n" +
                    "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"m.bin\"\r\nContent-Type: image/png\r\n\r\n" +
                    "\x89PNG\r\n\x1a\n0123456789\r\n--B--\r\n";
        yield return ("mismatched boundary", "multipart/form-data; boundary=OTHER", Ascii(whole));
        yield return ("empty body", "multipart/form-data; boundary=B", []);
        yield return ("truncated body", "multipart/form-data; boundary=B", Ascii(whole[..(whole.Length - 30)]));
        yield return ("part header over 16 KiB", "multipart/form-data; boundary=B",
            Ascii($"--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"m.bin\"\r\nX-Long: {new string('a', 17 * 1024)}\r\n\r\nx\r\n--B--\r\n"));
        yield return ("no boundary", "multipart/form-data", Ascii(whole));
        yield return ("empty boundary", "multipart/form-data; boundary=\"\"", Ascii(whole));
        yield return ("boundary over 70 characters", $"multipart/form-data; boundary={new string('b', 200)}", Ascii(whole));
    }

    public static TheoryData<string, string> Routes()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in new[] { Upload, Avatar })
            foreach (var (name, _, _) in Cases())
                data.Add(route, name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task AMalformedMultipartBodyIsA4xxEnvelopeAndChangesNothing(string route, string name)
    {
        var (_, contentType, body) = Cases().Single(c => c.Name == name);
        using var client = await stack.Worker.NewClient().SignUpAsync();
        using var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var response = await Client.Read(await client.Http.PostAsync(route, content));

        response.Status.ShouldBeOneOf([HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.UnsupportedMediaType],
            response.Body.ToJsonString());
        response.ShouldBeError(response.Status);
        (await client.QuotaAsync()).Used.ShouldBe(0);
        (await client.LayerAsync()).ShouldBeEmpty();
        (await client.Http.GetAsync("/api/user-service/get-user-img")).Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
    }

    [Fact]
    public async Task AConnectionDroppedMidUploadStoresNothingChargesNothingAndLogsNo500()
    {
        // At Information, the worker's FunctionGate logs how every request that threw ended: a 500 would be one of them.
        await using var worker = await stack.StartWorkerAsync(new Dictionary<string, string?> { ["Logging:LogLevel:TinyCloud"] = "Information" });
        using var client = await worker.NewClient().SignUpAsync();
        var cookie = client.Cookies.GetCookieHeader(worker.BaseAddress);
        var entries = worker.Entries();
        var userId = (await client.GetAsync("/api/user-service/get-current-user")).Body["user"]!["user_id"]!.GetValue<long>();
        using (var form = DriveCalls.UploadForm("/cut.bin", new byte[2 * 1024 * 1024]))
        {
            var body = await form.ReadAsByteArrayAsync();
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(worker.BaseAddress.Host, worker.BaseAddress.Port);
            var stream = tcp.GetStream();
            var head = $"POST {Upload} HTTP/1.1\r\nHost: {worker.BaseAddress.Authority}\r\nCookie: {cookie}\r\n" +
                       $"Content-Type: {form.Headers.ContentType}\r\nContent-Length: {body.Length}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
            await stream.FlushAsync();
            await Eventually.ShouldHoldAsync(async () =>
                (await entries.CountDocumentsAsync(e => e.UserId == userId && e.State == EntryState.Pending)).ShouldBe(1));
        } // the connection drops with half the body sent, its upload under way

        await Eventually.ShouldHoldAsync(async () => (await entries.CountDocumentsAsync(e => e.UserId == userId)).ShouldBe(0));
        // The request gives the reservation back just after it deletes its pending entry.
        await Eventually.ShouldHoldAsync(async () => (await client.QuotaAsync()).ShouldBe((0, 10000L * 1024 * 1024)));
        await Eventually.ShouldHoldAsync(() => UploadEnded().IsMatch(worker.Output).ShouldBeTrue("the worker logs how the upload ended"));
        worker.Output.ShouldNotContain("failed with 500");
        worker.Output.ShouldNotContain("Internal server error");
    }

    [GeneratedRegex(@"FunctionGate\] (POST /api/fs-service/upload-file (rejected|failed) with|Client disconnected during POST /api/fs-service/upload-file)")]
    private static partial Regex UploadEnded();
}
