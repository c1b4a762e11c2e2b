using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TinyCloud.Functions.Platform;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Compatibility;

/// <summary>
/// The original Tiny Cloud API's clients (the React web client and the Java CLI, whose Jackson rejects unknown keys)
/// get exactly the original's keys from every route the original had, unless they opt in to the full bodies.
/// </summary>
[Collection(Areas.Accounts)]
public sealed class OriginalShapeTests(Stack stack)
{
    private static readonly string[] Done = ["result"];
    private static readonly string[] Entity = ["name", "shared", "abs_path", "base_type", "size_in_mb", "mime_type"];
    private static readonly string[] SharedItem = ["hashed_link", "base_type", "file_field", "abs_path_to_entity"];

    /// <summary>
    /// Every v1 route's default key set, from the original's models and return statements
    /// (4Tipsy/tiny-cloud-api at 0ce1dc9). Nested keys are dotted; "[]" is any element of a list.
    /// </summary>
    private static readonly Dictionary<string, string[]> Original = new()
    {
        // src/routers/user_router.py handle_register: -> _BaseRes, return {'result': 'success'}
        ["Register"] = Done,
        // src/routers/user_router.py handle_login: -> _BaseRes, return {'result': 'success'} (the token only as a cookie)
        ["Login"] = Done,
        // src/routers/user_router.py _GetCurrentUserRes {result, user: UserInRespModel};
        // src/models/UserModel.py UserInRespModel and SharedDictModel
        ["GetCurrentUser"] = ["result", "user",
            ..Nested("user", ["verified", "user_id", "user_name", "user_email", "shared", "used_space", "available_space"]),
            ..Nested("user.shared[]", SharedItem)],
        // src/routers/fs_router.py handle_create_folder: -> _BaseRes, return {"result": "success"}
        ["CreateFolder"] = Done,
        // src/routers/fs_router.py handle_upload_file: -> _BaseRes, return {"result": "success"}
        ["UploadFile"] = Done,
        // src/routers/fs_router.py handle_rename_entity: -> _BaseRes, return {"result": "success"}
        ["RenameEntity"] = Done,
        // src/routers/fs_router.py handle_delete_entity: -> _BaseRes, return {"result": "success"}
        ["DeleteEntity"] = Done,
        // src/routers/fs_watching_router.py _GetFsLayerRes {result, fs_layer: List[FsEntityModel]}; src/models/FsEntityModel.py
        ["GetFsLayer"] = ["result", "fs_layer", ..Nested("fs_layer[]", Entity)],
        // src/routers/fs_watching_router.py _GetFsEntityRes {result, fs_entity: FsEntityModel}; src/models/FsEntityModel.py
        ["GetFsEntity"] = ["result", "fs_entity", ..Nested("fs_entity", Entity)],
        // src/routers/shared_router.py _MakeSharedRes {result, hashed_link}
        ["MakeShared"] = ["result", "hashed_link"],
        // src/routers/shared_router.py handle_make_shared (make-unshared): -> _BaseRes, return {"result": "success"}
        ["MakeUnshared"] = Done,
        // src/routers/shared_router.py _RemindHashedLinkRes {result, hashed_link}
        ["RemindHashedLink"] = ["result", "hashed_link"],
        // src/routers/share_route_router.py handle_share -> FsEntityInShareModel (src/models/FsEntityModel.py), no envelope
        ["SharedInfoLegacy"] = ["name", "base_type", "size_in_mb", "mime_type"],
    };

    [Fact]
    public async Task EveryRouteTheOriginalHadAnswersAnOriginalClientWithExactlyTheOriginalsKeys()
    {
        using var client = stack.Worker.NewOriginalClient();
        var seen = new Dictionary<string, JsonNode>();
        var name = "o" + Guid.NewGuid().ToString("N")[..12];
        var email = $"{name}@example.com";

        seen["Register"] = await Ok(client.PostAsync("/api/user-service/register",
            new { user_email = email, password = Client.Password, user_name = name }));
        seen["Login"] = await Ok(client.PostAsync("/api/user-service/login", new { user_email = email, password = Client.Password }));
        seen["CreateFolder"] = await Ok(client.CreateFolderAsync("/docs"));
        seen["UploadFile"] = await Ok(UploadAsTheCliDoes(client, "/docs/a.txt", "hello"));
        seen["GetFsLayer"] = await Ok(client.PostAsync("/api/fs-watching-service/get-fs-layer",
            new { abs_path_to_layer = "/docs", file_field = "mere" }));
        seen["GetFsEntity"] = await Ok(client.EntityAsync("/docs/a.txt"));
        seen["MakeShared"] = await Ok(client.PostAsync("/api/shared-service/make-shared",
            new { fs_entity = DriveCalls.Entity("/docs/a.txt"), file_field = "mere" }));
        seen["RemindHashedLink"] = await Ok(client.PostAsync("/api/shared-service/remind-hashed-link",
            new { fs_entity = DriveCalls.Entity("/docs/a.txt"), file_field = "mere" }));
        var info = await client.GetAsync($"/share/{name}/{seen["MakeShared"]["hashed_link"]!.GetValue<string>()}");
        info.Status.ShouldBe(HttpStatusCode.OK);
        seen["SharedInfoLegacy"] = info.Body;
        seen["GetCurrentUser"] = await Ok(client.GetAsync("/api/user-service/get-current-user"));
        seen["RenameEntity"] = await Ok(client.RenameAsync("/docs/a.txt", "b.txt"));
        seen["MakeUnshared"] = await Ok(client.PostAsync("/api/shared-service/make-unshared",
            new { fs_entity = DriveCalls.Entity("/docs/b.txt"), file_field = "mere" }));
        seen["DeleteEntity"] = await Ok(client.DeleteAsync("/docs", "folder"));

        seen["GetFsLayer"]["fs_layer"]!.AsArray().ShouldNotBeEmpty();
        seen["GetCurrentUser"]["user"]!["shared"]!.AsArray().ShouldNotBeEmpty();
        foreach (var (function, body) in seen)
            KeyPaths(body).ShouldBe(Original[function], ignoreOrder: true, $"{function}: {body.ToJsonString()}");

        // The table covers every route declared as the original's, and nothing else.
        FunctionCatalog.HttpFunctions.Where(f => f.OriginalBody is not null).Select(f => f.Name)
            .ShouldBe(Original.Keys, ignoreOrder: true);
        seen.Keys.ShouldBe(Original.Keys, ignoreOrder: true);
    }

    [Fact]
    public async Task AnOriginalClientGetsTheOriginalsErrorEnvelopeWithoutDetails()
    {
        using var client = await stack.Worker.NewOriginalClient().SignUpAsync();
        var invalid = await client.PostAsync("/api/fs-service/create-folder",
            new { fs_entity = DriveCalls.Entity("/x", "neither"), file_field = "mere" });
        invalid.ShouldBeError(HttpStatusCode.UnprocessableEntity);
        KeyPaths(invalid.Body).ShouldBe(["result", "error"], ignoreOrder: true);

        var missing = await client.EntityAsync("/nowhere.txt");
        missing.ShouldBeError(HttpStatusCode.NotFound);
        KeyPaths(missing.Body).ShouldBe(["result", "error"], ignoreOrder: true);

        // With the opt-in, the same mistake names the field.
        using var rich = await stack.Worker.NewClient().SignUpAsync();
        (await rich.PostAsync("/api/fs-service/create-folder", new { fs_entity = DriveCalls.Entity("/x", "neither"), file_field = "mere" }))
            .Body["details"]!.AsArray().ShouldNotBeEmpty();
    }

    [Fact]
    public async Task AcceptingTheRichMediaTypeReturnsTheFieldsThisApiAdded()
    {
        using var client = stack.Worker.NewClient();
        var name = "r" + Guid.NewGuid().ToString("N")[..12];
        var email = $"{name}@example.com";
        (await client.PostAsync("/api/user-service/register", new { user_email = email, password = Client.Password, user_name = name }))
            .Body["user"]!["user_name"]!.GetValue<string>().ShouldBe(name);

        var login = await client.PostJsonAsync("/api/user-service/login", new { user_email = email, password = Client.Password });
        login.Content.Headers.ContentType!.MediaType.ShouldBe(Client.RichMediaType);
        login.Headers.Vary.ShouldContain("Accept");
        var loggedIn = (await Client.Read(login)).Body;
        KeyPaths(loggedIn).ShouldContain("access_token");
        KeyPaths(loggedIn).ShouldContain("user.used_bytes");

        KeyPaths((await client.GetAsync("/api/user-service/get-current-user")).Body)
            .ShouldBeSupersetOf(["user.used_bytes", "user.available_bytes", "user.used_space", "user.shared"]);
        KeyPaths((await client.CreateFolderAsync("/docs")).Body).ShouldBeSupersetOf(["fs_entity.size_bytes", "fs_entity.created_at"]);
        KeyPaths((await client.UploadAsync("/docs/a.txt", "hello"u8.ToArray())).Body)
            .ShouldBeSupersetOf(["fs_entity.size_bytes", "fs_entity.modified_at", "fs_entity.mime_type"]);
        KeyPaths((await client.PostAsync("/api/fs-watching-service/get-fs-layer", new { abs_path_to_layer = "/docs", file_field = "mere" })).Body)
            .ShouldBeSupersetOf(["fs_layer[].size_bytes", "fs_layer[].created_at", "fs_layer[].modified_at", .. Original["GetFsLayer"]]);
        KeyPaths((await client.EntityAsync("/docs/a.txt")).Body).ShouldBeSupersetOf(["fs_entity.size_bytes", .. Original["GetFsEntity"]]);
        KeyPaths((await client.RenameAsync("/docs/a.txt", "b.txt")).Body).ShouldContain("fs_entity.abs_path");
        KeyPaths((await client.DeleteAsync("/docs", "folder")).Body).ShouldBeSupersetOf(["deleted_entries", "freed_bytes"]);
    }

    [Fact]
    public async Task TheRichShapeIsChosenOnlyByTheRichMediaTypeWithANonZeroQuality()
    {
        using var client = await stack.Worker.NewOriginalClient().SignUpAsync();
        async Task<IReadOnlyList<string>> KeysWith(string? accept)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/user-service/get-current-user");
            if (accept is not null)
                request.Headers.TryAddWithoutValidation("Accept", accept);
            return KeyPaths((await Client.Read(await client.Http.SendAsync(request))).Body);
        }

        (await KeysWith(null)).ShouldNotContain("user.used_bytes");
        (await KeysWith("application/json")).ShouldNotContain("user.used_bytes");
        (await KeysWith("*/*")).ShouldNotContain("user.used_bytes");
        (await KeysWith($"{Client.RichMediaType};q=0, application/json")).ShouldNotContain("user.used_bytes");
        (await KeysWith($"application/json;q=0.5, {Client.RichMediaType}")).ShouldContain("user.used_bytes");
        (await KeysWith("APPLICATION/VND.TINYCLOUD.V2+JSON")).ShouldContain("user.used_bytes");
    }

    [Fact]
    public async Task RoutesTheOriginalDidNotHaveKeepTheirOneShape()
    {
        using var client = await stack.Worker.NewOriginalClient().SignUpAsync();
        await Ok(client.CreateFolderAsync("/a"));
        var moved = await client.PostAsync("/api/fs-service/move-entity",
            new { fs_entity = DriveCalls.Entity("/a", "folder"), file_field = "mere", new_abs_path = "/b" });
        KeyPaths(await Ok(Task.FromResult(moved))).ShouldContain("fs_entity.size_bytes");
        KeyPaths(await Ok(client.GetAsync("/api/user-service/list-sessions"))).ShouldContain("sessions[].session_id");
    }

    /// <summary>As tiny-cloud-cli's SendRequester: the file part first, then 'request' as a plain form field.</summary>
    private static async Task<(HttpStatusCode, JsonNode)> UploadAsTheCliDoes(Client client, string path, string text)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(text)), "file", path[(path.LastIndexOf('/') + 1)..]);
        var request = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new { fs_entity = DriveCalls.Entity(path), file_field = "mere" }));
        form.Add(request, "request");
        return await Client.Read(await client.Http.PostAsync("/api/fs-service/upload-file", form));
    }

    private static async Task<JsonNode> Ok(Task<(HttpStatusCode Status, JsonNode Body)> call)
    {
        var response = await call;
        response.ShouldBeSuccess();
        return response.Body;
    }

    private static IEnumerable<string> Nested(string parent, IEnumerable<string> keys) => keys.Select(k => $"{parent}.{k}");

    /// <summary>Every key of a body as a dotted path; list elements contribute their keys under "[]".</summary>
    public static IReadOnlyList<string> KeyPaths(JsonNode? node, string prefix = "")
    {
        var paths = new List<string>();
        switch (node)
        {
            case JsonObject fields:
                foreach (var (key, value) in fields)
                {
                    var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
                    paths.Add(path);
                    paths.AddRange(KeyPaths(value, path));
                }
                break;
            case JsonArray items:
                foreach (var item in items)
                    paths.AddRange(KeyPaths(item, prefix + "[]"));
                break;
        }
        return paths.Distinct().ToList();
    }
}

internal static class KeyAssertions
{
    public static void ShouldBeSupersetOf(this IReadOnlyList<string> actual, IEnumerable<string> expected) =>
        expected.ShouldBeSubsetOf(actual, string.Join(", ", actual));
}
