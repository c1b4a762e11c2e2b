using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Sharing;

namespace TinyCloud.Functions.Sharing;

public sealed class SharedInfo(ShareResolver resolver, EntryStore entries) : IFunction
{
    public static FunctionRoute Declaration { get; } = new("GET", "/shared/{user_name}/{hashed_link}")
    {
        ResponseBody = typeof(SharedInfoResponse), Summary = "What a public link leads to: name, type, size, expiry.",
    };

    public async Task<IResult> RunAsync(HttpRequest request, CancellationToken ct)
    {
        if (await resolver.ResolveRouteAsync(request, ct) is not { } link)
            return PublicLink.NotFound();
        var entry = link.Entry;
        var size = entry.IsFolder ? await entries.ReadyBytesInsideAsync(entry.UserId, entry.Field, entry.Path, ct) : entry.SizeBytes;
        return Api.Ok(SharedInfoResponse.From(link, size));
    }
}
