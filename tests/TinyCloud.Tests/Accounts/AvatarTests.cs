using System.Net;
using System.Net.Http.Headers;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Accounts;

[Collection(Areas.Accounts)]
public sealed class AvatarTests(Stack stack)
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3];

    [Fact]
    public async Task UntilOneIsSetTheAvatarIsTheDefaultPicture()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var response = await client.Http.GetAsync("/api/user-service/get-user-img");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
        (await response.Content.ReadAsStringAsync()).ShouldStartWith("<svg");
    }

    [Fact]
    public async Task ASetPngAvatarIsServedBackByteForByteWithItsType()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await Upload(client, Png, "image/jpeg")).ShouldBeSuccess(); // the header lies; the bytes decide
        var response = await client.Http.GetAsync("/api/user-service/get-user-img");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await response.Content.ReadAsByteArrayAsync()).ShouldBe(Png);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 1, 2 }, "image/jpeg")]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1 }, "image/gif")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 1 }, "image/webp")]
    public async Task JpegGifAndWebpAvatarsAreAccepted(byte[] image, string expectedType)
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await Upload(client, image, "application/octet-stream")).ShouldBeSuccess();
        var response = await client.Http.GetAsync("/api/user-service/get-user-img");
        response.Content.Headers.ContentType!.MediaType.ShouldBe(expectedType);
    }

    [Fact]
    public async Task ATextFileClaimingToBeAPngIsRefusedWith415()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        (await Upload(client, "<html>not an image</html>"u8.ToArray(), "image/png"))
            .ShouldBeError(HttpStatusCode.UnsupportedMediaType, "PNG, JPEG, GIF or WebP");
    }

    [Fact]
    public async Task AnAvatarOverOneMegabyteIsRefusedWith413()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        var big = new byte[1024 * 1024 + 1];
        Png.CopyTo(big, 0);
        (await Upload(client, big, "image/png")).ShouldBeError(HttpStatusCode.RequestEntityTooLarge, "1 MB");
    }

    [Fact]
    public async Task AnUploadWithoutTheFileFieldIs422()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        using var form = new MultipartFormDataContent { { new StringContent("x"), "other" } };
        (await Client.Read(await client.Http.PostAsync("/api/user-service/set-user-img", form)))
            .ShouldBeError(HttpStatusCode.UnprocessableEntity, "'file'");
    }

    [Fact]
    public async Task SettingAnAvatarWithoutLoggingInIs401()
    {
        using var client = stack.Worker.NewClient();
        (await Upload(client, Png, "image/png")).ShouldBeError(HttpStatusCode.Unauthorized);
    }

    private static async Task<(HttpStatusCode, System.Text.Json.Nodes.JsonNode)> Upload(Client client, byte[] bytes, string contentType)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var form = new MultipartFormDataContent { { file, "file", "avatar.bin" } };
        return await Client.Read(await client.Http.PostAsync("/api/user-service/set-user-img", form));
    }
}
