using TinyCloud.Functions.Http;

namespace TinyCloud.Functions.Drive;

/// <summary>The answer when another move or folder delete of the same user held the tree lock for too long.</summary>
public static class TreeBusy
{
    public static ErrorResult Error(HttpRequest request)
    {
        request.HttpContext.Response.Headers.RetryAfter = "1";
        return Api.Error(StatusCodes.Status429TooManyRequests,
            "Another move or delete of your folders is still running; try again in a moment.");
    }
}
