using System.Net;
using System.Text;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Security;

[Collection(Areas.Accounts)]
public sealed class ValidationTests(Stack stack)
{
    private const string Register = "/api/user-service/register";

    [Theory]
    [InlineData("a\u0001b@example.com")]
    [InlineData("a\u007Fb@example.com")]
    [InlineData("<script>@example.com")]
    [InlineData("ab@exam>ple.com")]
    public async Task AnEmailWithAControlCharacterOrAngleBracketIs422(string email)
    {
        using var client = stack.Worker.NewClient();
        var response = await client.PostRawAsync(Register,
            $"{{\"user_email\":{RawJson.Literal(email)},\"password\":\"12345678\",\"user_name\":\"u{Guid.NewGuid().ToString("N")[..12]}\"}}");
        response.ShouldBeError(HttpStatusCode.UnprocessableEntity, "user_email");
        response.Body["details"]![0]!["field"]!.GetValue<string>().ShouldBe("user_email");
    }

    [Fact]
    public async Task AChunkedJsonBodyOverTheLimitIs413()
    {
        using var client = stack.Worker.NewClient();
        var filler = new string('a', 5 * 1024 * 1024);
        var json = $"{{\"user_email\":\"x@example.com\",\"password\":\"{filler}\",\"user_name\":\"abc\"}}";
        using var content = new StreamContent(new ChunkedOnly(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, Register) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var response = await Client.Read(await client.Http.SendAsync(request));
        response.ShouldBeError(HttpStatusCode.RequestEntityTooLarge, "64 KiB");
    }

    [Fact]
    public async Task ANumberSentAsAStringIs422NamingTheField()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var response = await client.PostRawAsync("/api/fs-service/begin-upload",
            $"{{\"fs_entity\":{RawJson.Entity("/big.bin")},\"file_field\":\"mere\",\"size_bytes\":\"5\"}}");
        response.ShouldBeError(HttpStatusCode.UnprocessableEntity, "size_bytes");
        response.Body["details"]![0]!["field"]!.GetValue<string>().ShouldBe("size_bytes");
    }

    [Fact]
    public async Task MoveEntityWithoutNewFileFieldMovesWithinTheSameField()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await client.CreateFolderAsync("/dest")).ShouldBeSuccess();
        (await client.UploadAsync("/a.txt", "a"u8.ToArray())).ShouldBeSuccess();
        var moved = await client.PostAsync("/api/fs-service/move-entity",
            new { fs_entity = DriveCalls.Entity("/a.txt"), file_field = "mere", new_abs_path = "/dest/a.txt" });
        moved.ShouldBeSuccess();
        moved.Body["fs_entity"]!["abs_path"]!.GetValue<string>().ShouldBe("/dest/a.txt");
    }

    /// <summary>A stream of unknown length, so HttpClient must send it chunked, without Content-Length.</summary>
    private sealed class ChunkedOnly(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
