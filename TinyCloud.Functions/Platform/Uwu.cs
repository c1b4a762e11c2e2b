using Microsoft.Azure.Functions.Worker;

namespace TinyCloud.Functions.Platform;

/// <summary>The original API's banner image route (its README shows it), kept so that page still has its picture.</summary>
public sealed class Uwu
{
    // A small cloud of our own drawing; the original's picture is not ours to ship.
    private const string Picture = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 140" width="240" height="140">
          <rect width="240" height="140" fill="#eef4ff"/>
          <path d="M60 110a30 30 0 0 1 4-60 42 42 0 0 1 80-10 34 34 0 0 1 40 34 18 18 0 0 1-4 36z" fill="#fff" stroke="#4a6fa5" stroke-width="4"/>
          <circle cx="100" cy="82" r="5" fill="#4a6fa5"/><circle cx="140" cy="82" r="5" fill="#4a6fa5"/>
          <path d="M108 94q6 6 12 0q6 6 12 0" fill="none" stroke="#4a6fa5" stroke-width="3" stroke-linecap="round"/>
          <text x="120" y="132" font-family="sans-serif" font-size="13" text-anchor="middle" fill="#4a6fa5">Tiny Cloud</text>
        </svg>
        """;

    [Function(nameof(Uwu)), WithoutStorage, Undocumented]
    public IResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/utils-service/uwu")] HttpRequest request)
    {
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=86400";
        return TypedResults.Content(Picture, "image/svg+xml");
    }
}
