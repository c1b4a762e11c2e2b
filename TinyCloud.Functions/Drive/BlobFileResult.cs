using Azure;
using Microsoft.Net.Http.Headers;
using TinyCloud.Functions.Http;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

/// <summary>
/// Streams a file's blob to the response with Content-Type, Content-Length, Content-Disposition (RFC 6266),
/// ETag, If-None-Match (304) and single Range requests (206 / 416). The bytes are never buffered whole.
/// Every answer carries <see cref="FileHeaders"/>, so a user's HTML or SVG cannot run script on the API's origin;
/// <paramref name="inline"/> is honoured only for the raster image types of <see cref="FileHeaders.IsInlineImage"/>.
/// </summary>
public sealed class BlobFileResult(EntryDocument file, BlobFiles blobs, bool inline) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var (request, response) = (http.Request, http.Response);
        FileHeaders.LockDown(response);
        var etag = new EntityTagHeaderValue($"\"{file.Md5 ?? file.Id.ToString()}\"");
        response.Headers.ETag = etag.ToString();
        response.Headers.AcceptRanges = "bytes";
        response.Headers.CacheControl = "private, no-cache";
        // The whole file's digest (RFC 9530), also on a 206 and a 304: it describes the representation, not this part.
        if (file.Sha256 is { } sha256)
            response.Headers[DigestFields.ReprDigest] = DigestFields.Sha256Value(sha256);
        if (request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } ifNoneMatch
            && ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false)))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var size = file.SizeBytes;
        var (from, to) = (0L, size - 1);
        var partial = false;
        if (RequestedRange(request, etag) is { } range)
        {
            if (Resolve(range, size) is not { } bounds)
            {
                response.Headers.ContentRange = $"bytes */{size}";
                await Api.Error(StatusCodes.Status416RangeNotSatisfiable, $"The range is outside the file's {size} bytes.").ExecuteAsync(http);
                return;
            }
            (from, to, partial) = (bounds.From, bounds.To, true);
        }

        Stream? content = null;
        if (size > 0)
        {
            try
            {
                content = await blobs.OpenReadAsync(file.Blob!, new Azure.HttpRange(from, to - from + 1), http.RequestAborted);
            }
            catch (RequestFailedException ex) when (BlobFiles.IsNotFound(ex))
            {
                await Api.NotFound("The file's bytes are gone (it was deleted meanwhile).").ExecuteAsync(http);
                return;
            }
        }

        var contentType = file.MimeType ?? ContentTypes.Fallback;
        var disposition = new ContentDispositionHeaderValue(inline && FileHeaders.IsInlineImage(contentType) ? "inline" : "attachment");
        disposition.SetHttpFileName(file.Name);
        response.Headers.ContentDisposition = disposition.ToString();
        response.ContentType = contentType;
        response.ContentLength = size == 0 ? 0 : to - from + 1;
        if (partial)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = $"bytes {from}-{to}/{size}";
        }
        if (content is not null)
        {
            await using (content)
                await content.CopyToAsync(response.Body, 64 * 1024, http.RequestAborted);
        }
    }

    /// <summary>A single byte range to honour, or null to send the whole file (no Range, a stale If-Range, several ranges).</summary>
    private static RangeItemHeaderValue? RequestedRange(HttpRequest request, EntityTagHeaderValue etag)
    {
        var headers = request.GetTypedHeaders();
        if (headers.Range is not { Unit.Value: "bytes", Ranges.Count: 1 } range)
            return null;
        if (headers.IfRange is { EntityTag: { } ifRange } && !ifRange.Compare(etag, useStrongComparison: true))
            return null;
        return range.Ranges.Single();
    }

    private static (long From, long To)? Resolve(RangeItemHeaderValue range, long size) => (range.From, range.To) switch
    {
        (null, { } suffix) when suffix > 0 && size > 0 => (Math.Max(0, size - suffix), size - 1),
        ({ } from, null) when from < size => (from, size - 1),
        ({ } from, { } to) when from < size && from <= to => (from, Math.Min(to, size - 1)),
        _ => null,
    };
}
