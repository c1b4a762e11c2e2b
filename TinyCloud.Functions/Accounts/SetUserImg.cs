using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Accounts;

public sealed class SetUserImg(UserStore users, BlobContainerClient container)
{
    [Function(nameof(SetUserImg)), Allow(Access.User), MultipartForm("file")]
    [Description("Set the avatar: multipart field 'file', PNG, JPEG, GIF or WebP up to 1 MB.")]
    public async Task<Reply<Done>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/user-service/set-user-img")] HttpRequest request,
        CancellationToken ct)
    {
        if (MultipartBody.Boundary(request.ContentType) is null)
            return Api.Error(StatusCodes.Status415UnsupportedMediaType,
                "Send the image as multipart/form-data (with a boundary of 1–70 characters) in a field named 'file'.");
        if (request.ContentLength == 0)
            return Api.BadRequest("The multipart body is empty: send the image in a field named 'file'.");
        if (request.ContentLength > Avatars.MaxBytes + 64 * 1024)
            return Api.TooLarge("An avatar may be at most 1 MB.");

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (Exception ex) when (MultipartBody.Malformed(ex, request.HttpContext) is { } malformed)
        {
            return malformed;
        }
        if (form.Files.GetFile("file") is not { } file)
            return Api.Invalid("file", "A multipart field named 'file' is required.");
        if (file.Length > Avatars.MaxBytes)
            return Api.TooLarge("An avatar may be at most 1 MB.");

        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
            await stream.ReadExactlyAsync(bytes, ct);
        if (Avatars.DetectImageType(bytes) is not { } contentType)
            return Api.Error(StatusCodes.Status415UnsupportedMediaType, "The avatar must be a PNG, JPEG, GIF or WebP image.");

        var user = request.CurrentUser();
        var blobName = $"{user.Id}/avatar-{Guid.NewGuid():N}";
        await container.GetBlobClient(blobName).UploadAsync(BinaryData.FromBytes(bytes),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, ct);
        if (await users.SetAvatarAsync(user.Id, blobName, ct) is { } previous)
            await container.GetBlobClient(previous).DeleteIfExistsAsync(cancellationToken: ct);
        return new Done();
    }
}
