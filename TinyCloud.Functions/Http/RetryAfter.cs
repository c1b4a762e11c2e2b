using System.Globalization;

namespace TinyCloud.Functions.Http;

/// <summary>The <c>Retry-After</c> header of a refusal that names a wait: whole seconds, rounded up, at least 1.</summary>
public static class RetryAfter
{
    public static void Set(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
