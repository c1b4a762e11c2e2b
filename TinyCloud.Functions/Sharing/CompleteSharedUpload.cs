using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Activity;
using TinyCloud.Functions.Drive;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Uploads;

namespace TinyCloud.Functions.Sharing;

/// <summary>
/// Completes a direct upload begun through an upload-only link. A rejected one is discarded, and the discard (the one
/// delete of its pending entry) gives its file of the link's count back.
/// </summary>
public sealed class CompleteSharedUpload(SharedUploads shared, FileUploads uploads, ActivityRecorder activity)
{
    [Function(nameof(CompleteSharedUpload)), JsonBody<UploadIdRequest>]
    [Description("Complete a direct upload begun through an upload-only link once its blob is committed.")]
    public async Task<Reply<LinkUploadResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "shared/{user_name}/{hashed_link}/complete-upload")] HttpRequest request,
        CancellationToken ct)
    {
        if (!(await shared.FindAsync(request, request.Body<UploadIdRequest>().UploadId, ct)).Found(out var found, out var error))
            return error;
        var completed = await uploads.CompleteAsync(found.Upload, found.Link.Chain, ct);
        if (completed is { Ready: { } received, ByThisCall: true })
            await activity.ReceivedAsync(request, found.Link, received.Entry.Name, received.Entry.SizeBytes, ct);
        return completed switch
        {
            { Ready: { } ready } => new LinkUploadResponse(ready.Entry.SizeBytes),
            { Problem: CompleteProblem.Gone } => DirectUploadReplies.NotFound(),
            _ => DirectUploadReplies.Failure(completed),
        };
    }
}
