using System.Text;
using System.Text.RegularExpressions;
using Swashbuckle.AspNetCore.ReDoc;
using Swashbuckle.AspNetCore.SwaggerUI;
using TinyCloud.Functions.Http;

namespace TinyCloud.Functions.Documentation;

/// <summary>
/// Swagger UI and Redoc, each a small pipeline around its package's middleware, which serves the page and its
/// scripts and styles from the package's embedded files: nothing comes from a CDN.
/// </summary>
public sealed partial class DocPages
{
    private const string Title = "Tiny Cloud API";
    // Relative to the pages (/api/docs/index.html, /api/redoc/index.html), so it also works behind a path prefix.
    private const string SpecUrl = "../open-api";

    // The package's Redoc page links Google Fonts; without that link Redoc falls back to local fonts.
    private static readonly Lazy<byte[]> OfflineRedocIndex = new(() =>
    {
        using var reader = new StreamReader(new ReDocOptions().IndexStream());
        return Encoding.UTF8.GetBytes(RemoteStylesheet().Replace(reader.ReadToEnd(), ""));
    });

    public DocPages(IServiceProvider services)
    {
        SwaggerUi = Pipeline(services, app => app.UseSwaggerUI(new SwaggerUIOptions
        {
            RoutePrefix = "api/docs",
            DocumentTitle = Title,
            ConfigObject = { Urls = [new UrlDescriptor { Name = Title, Url = SpecUrl }] },
        }));
        Redoc = Pipeline(services, app => app.UseReDoc(new ReDocOptions
        {
            RoutePrefix = "api/redoc",
            DocumentTitle = Title,
            SpecUrl = SpecUrl,
            IndexStream = () => new MemoryStream(OfflineRedocIndex.Value, writable: false),
        }));
    }

    public IResult SwaggerUi { get; }
    public IResult Redoc { get; }

    private static IResult Pipeline(IServiceProvider services, Action<IApplicationBuilder> use)
    {
        var app = new ApplicationBuilder(services);
        use(app);
        app.Run(context => Api.NotFound($"No such documentation file: {context.Request.Path}.").ExecuteAsync(context));
        return new PipelineResult(app.Build());
    }

    private sealed class PipelineResult(RequestDelegate pipeline) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => pipeline(httpContext);
    }

    [GeneratedRegex("""<link[^>]*href="https?://[^>]*>\s*""")]
    private static partial Regex RemoteStylesheet();
}
