using System.Net;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Trash;

[Collection(Areas.Sharing)]
public sealed class TrashInputTests(Stack stack)
{
    [Fact]
    public async Task EveryBadTrashRequestGetsA4xxEnvelopeAndChangesNothing()
    {
        using var client = await stack.Worker.NewClient().SignUpAsync();
        using var other = await stack.Worker.NewClient().SignUpAsync();
        (await client.UploadAsync("/a", new byte[10])).ShouldBeSuccess();
        (await client.UploadAsync("/t", new byte[5])).ShouldBeSuccess();
        var id = await client.TrashIdAsync("/t");
        var othersId = await other.TrashIdAsync(await UploadedAsync(other, "/o"));
        var quota = await client.QuotaAsync();

        (await client.TrashAsync("/", "folder")).ShouldBeError(HttpStatusCode.BadRequest, "root");
        (await client.TrashAsync("/missing")).ShouldBeError(HttpStatusCode.NotFound);
        (await client.TrashAsync("/a", "folder")).ShouldBeError(HttpStatusCode.NotFound);
        (await client.TrashAsync("/a", field: "nowhere")).ShouldBeError(HttpStatusCode.BadRequest, "file_field");
        (await client.TrashAsync("/a/../a")).ShouldBeError(HttpStatusCode.BadRequest);
        (await client.PostAsync("/api/trash-service/trash-entity", new { file_field = "mere" })).ShouldBeError(HttpStatusCode.UnprocessableEntity);
        (await client.ListTrashAsync(limit: 0)).ShouldBeError(HttpStatusCode.UnprocessableEntity, "limit");
        (await client.ListTrashAsync(limit: 201)).ShouldBeError(HttpStatusCode.UnprocessableEntity, "limit");
        (await client.ListTrashAsync(before: "not-a-key")).ShouldBeError(HttpStatusCode.UnprocessableEntity, "before");
        (await client.PostAsync("/api/trash-service/list-trash", new { limit = "5" })).ShouldBeError(HttpStatusCode.UnprocessableEntity);
        (await client.RestoreAsync("xyz")).ShouldBeError(HttpStatusCode.UnprocessableEntity, "id");
        (await client.RestoreAsync(new string('0', 24))).ShouldBeError(HttpStatusCode.NotFound, "trash");
        (await client.RestoreAsync(othersId)).ShouldBeError(HttpStatusCode.NotFound, "trash");
        (await client.RestoreAsync(id, "a/b")).ShouldBeError(HttpStatusCode.BadRequest, "new_name");
        (await client.RestoreAsync(id, "..")).ShouldBeError(HttpStatusCode.BadRequest, "new_name");
        (await client.RestoreAsync(id, "")).ShouldBeError(HttpStatusCode.BadRequest, "new_name");
        (await client.RestoreAsync(id, "a")).ShouldBeError(HttpStatusCode.Conflict, "'/a' already exists");
        (await client.PostAsync("/api/trash-service/restore-entity", new { new_name = "x" })).ShouldBeError(HttpStatusCode.UnprocessableEntity);
        (await client.DeleteForeverAsync("12")).ShouldBeError(HttpStatusCode.UnprocessableEntity, "id");
        (await client.DeleteForeverAsync(othersId)).ShouldBeError(HttpStatusCode.NotFound, "trash");
        using (var stranger = stack.Worker.NewClient())
        {
            (await stranger.ListTrashAsync()).ShouldBeError(HttpStatusCode.Unauthorized);
            (await stranger.EmptyTrashAsync()).ShouldBeError(HttpStatusCode.Unauthorized);
            (await stranger.RestoreAsync(id)).ShouldBeError(HttpStatusCode.Unauthorized);
            (await stranger.DeleteForeverAsync(id)).ShouldBeError(HttpStatusCode.Unauthorized);
        }

        (await client.QuotaAsync()).ShouldBe(quota);
        (await client.TrashItemsAsync()).Single()["id"]!.GetValue<string>().ShouldBe(id);
        (await client.LayerAsync("/")).Single()["name"]!.GetValue<string>().ShouldBe("a");
        (await other.TrashItemsAsync()).Single()["id"]!.GetValue<string>().ShouldBe(othersId);
    }

    private static async Task<string> UploadedAsync(Client client, string path)
    {
        (await client.UploadAsync(path, [1])).ShouldBeSuccess();
        return path;
    }
}
