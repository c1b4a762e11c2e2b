using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TinyCloud.Functions.Platform;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Deployment;

[Collection(Areas.Drive)]
public sealed partial class ApiDocsTests(Stack stack)
{
    [Fact]
    public async Task TheOperationsOfTheOpenApiDocumentAreExactlyTheHttpTriggersTheHostRoutes()
    {
        var paths = (await DocumentAsync())["paths"]!.AsObject();
        var documented = paths.SelectMany(path => path.Value!.AsObject().Select(op => $"{op.Key.ToUpperInvariant()} {path.Key}"));

        // Left out on purpose: the catch-all that answers unknown routes and the original's banner picture.
        string[] undocumented = ["/{*path}", "/api/utils-service/uwu"];
        var triggers = FunctionsMetadata.HttpTriggers(BuildOutput.WorkerDirectory)
            .Where(t => !undocumented.Contains(t.Route))
            .Select(t => $"{t.Method} {OpenApiPath(t.Route)}").ToList();

        triggers.ShouldNotBeEmpty();
        documented.Order().ShouldBe(triggers.Order());
    }

    [Fact]
    public async Task RoutesNeedingALoginRequireTheATokenCookieAndAnonymousOnesNothing()
    {
        var document = await DocumentAsync();
        var cookie = document["components"]!["securitySchemes"]!["a-token"]!;
        (cookie["type"]!.GetValue<string>(), cookie["in"]!.GetValue<string>(), cookie["name"]!.GetValue<string>())
            .ShouldBe(("apiKey", "cookie", "a-token"));

        foreach (var function in FunctionCatalog.DocumentedFunctions)
        {
            var security = Operation(document, function)["security"]?.AsArray()
                .SelectMany(requirement => requirement!.AsObject().Select(scheme => scheme.Key)).ToList() ?? [];
            switch (function.Access)
            {
                case Access.User or Access.Verified:
                    security.ShouldContain("a-token", function.Name);
                    break;
                case Access.Admin:
                    security.ShouldBe(["admin-key"], function.Name);
                    break;
                default:
                    security.ShouldBeEmpty(function.Name);
                    break;
            }
        }
    }

    [Fact]
    public async Task BodiesResponsesAndTheErrorEnvelopeHaveSchemas()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!;
        var envelope = schemas["ErrorBody"]!;
        envelope["properties"]!["result"]!["enum"]!.AsArray().Single()!.GetValue<string>().ShouldBe("error");
        envelope["properties"]!["error"]!["type"]!.GetValue<string>().ShouldBe("string");

        foreach (var function in FunctionCatalog.DocumentedFunctions)
        {
            var operation = Operation(document, function);
            operation["responses"]!["default"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>()
                .ShouldBe("#/components/schemas/ErrorBody", function.Name);
            if (function.RequestBody is { } body)
                SchemaOf(operation["requestBody"]!, schemas).ShouldNotBeNull($"{function.Name} request {body.Name}");
            if (function.ResponseBody is { } response)
                SchemaOf(operation["responses"]!["200"]!, schemas).ShouldNotBeNull($"{function.Name} response {response.Name}");
            if (function.Access is not Access.Anonymous)
                operation["responses"]!.AsObject().ShouldContain(r => r.Key == "401" || r.Key == "403", function.Name);
        }
    }

    [Theory]
    [InlineData("/api/docs")]
    [InlineData("/api/redoc")]
    public async Task TheDocumentationPageAndEveryScriptAndStylesheetItUsesAreServedByTheWorker(string route)
    {
        using var client = stack.Worker.NewClient();
        var redirect = await client.Http.GetAsync(route);
        redirect.StatusCode.ShouldBe(HttpStatusCode.MovedPermanently);
        var pageUri = new Uri(new Uri(client.Http.BaseAddress!, route), redirect.Headers.Location!);
        pageUri.AbsolutePath.ShouldBe(route + "/index.html");

        var html = await client.Http.GetStringAsync(pageUri);
        var assets = AssetReference().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        assets.ShouldContain(a => a.EndsWith(".js", StringComparison.Ordinal));
        assets.ShouldContain(a => a.EndsWith(".css", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            asset.ShouldNotContain("//", Case.Sensitive, $"{asset} is not served by the worker");
            using var response = await client.Http.GetAsync(new Uri(pageUri, asset));
            response.StatusCode.ShouldBe(HttpStatusCode.OK, asset);
        }

        var script = await client.Http.GetStringAsync(new Uri(pageUri, "index.js"));
        script.ShouldContain("\"../open-api\"");
        using var spec = await client.Http.GetAsync(new Uri(pageUri, "../open-api"));
        spec.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RoutesTheOriginalHadDocumentTheOriginalShapeAsJsonAndTheFullOneUnderTheRichMediaType()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!;
        document["info"]!["description"]!.GetValue<string>().ShouldContain(Client.RichMediaType);
        foreach (var function in FunctionCatalog.HttpFunctions.Where(f => f.OriginalBody is not null))
        {
            var content = Operation(document, function)["responses"]!["200"]!["content"]!;
            Reference(content["application/json"]!).ShouldBe(function.OriginalBody!.Name, function.Name);
            Reference(content[Client.RichMediaType]!).ShouldBe(function.ResponseBody!.Name, function.Name);
        }
        var user = schemas["OriginalUserResponse"]!["properties"]!["user"]!;
        if (user["$ref"] is { } reference)
            user = schemas[reference.GetValue<string>().Split('/')[^1]]!;
        user["properties"]!.AsObject().Select(p => p.Key).ShouldBe(
            ["verified", "user_id", "user_name", "user_email", "shared", "used_space", "available_space"], ignoreOrder: true);

        static string Reference(JsonNode media) => media["schema"]!["$ref"]!.GetValue<string>().Split('/')[^1];
    }

    [Fact]
    public async Task UploadFileDocumentsItsMultipartPartsSoSwaggerUiCanSendOne()
    {
        var document = await DocumentAsync();
        var upload = FunctionCatalog.Find("UploadFile")!;
        var media = Operation(document, upload)["requestBody"]!["content"]!["multipart/form-data"]!;
        media["schema"]!["properties"]!["file"]!["format"]!.GetValue<string>().ShouldBe("binary");
        media["schema"]!["properties"]!["request"]!["$ref"]!.GetValue<string>().ShouldEndWith("/UploadFileRequest");
        media["schema"]!["required"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["file", "request"], ignoreOrder: true);
        media["encoding"]!["request"]!["contentType"]!.GetValue<string>().ShouldBe("application/json");
    }

    [Fact]
    public async Task AnUnknownDocumentationFileIsA404Envelope()
    {
        using var client = stack.Worker.NewClient();
        (await client.GetAsync("/api/docs/no-such-file.js")).ShouldBeError(HttpStatusCode.NotFound, "No such documentation file");
    }

    private async Task<JsonNode> DocumentAsync()
    {
        using var client = stack.Worker.NewClient();
        var (status, body) = await client.GetAsync("/api/open-api");
        status.ShouldBe(HttpStatusCode.OK);
        body["openapi"]!.GetValue<string>().ShouldStartWith("3.");
        return body;
    }

    private static JsonNode Operation(JsonNode document, FunctionEntry function) =>
        document["paths"]![OpenApiPath(function.Route)]![function.HttpMethod.ToLowerInvariant()]!;

    private static JsonNode? SchemaOf(JsonNode bodyOrResponse, JsonNode schemas)
    {
        var reference = bodyOrResponse["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>();
        return schemas[reference.Split('/')[^1]];
    }

    // Route templates name parameters as {*rest} or {id:long}; OpenAPI paths as {rest} and {id}.
    private static string OpenApiPath(string route) => RouteParameter().Replace(route, "{${name}}");

    [GeneratedRegex(@"\{\**(?<name>[^}:=?*]+)[^}]*\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex("""(?:src|href)=["'](?<url>[^"']+)["']""")]
    private static partial Regex AssetReference();
}
