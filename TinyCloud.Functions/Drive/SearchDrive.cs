using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Drive;
using TinyCloud.Shared.Search;
using TinyCloud.Shared.Accounts;

namespace TinyCloud.Functions.Drive;

public sealed class SearchDrive(DriveSearch search)
{
    [Function(nameof(SearchDrive)), TokenScope(TokenScopes.FilesRead), Allow(Access.Verified), JsonBody<SearchRequest>]
    [Description("Find files and folders by name: each word of query is a prefix of a word of the name (case, accents and " +
        "compatibility forms folded), in file_field or all three; pages of limit (50, at most 200), next_cursor until the end.")]
    public async Task<Reply<SearchResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/fs-watching-service/search")] HttpRequest request,
        CancellationToken ct)
    {
        var body = request.Body<SearchRequest>();
        if (body.FileField is not null && !FileFields.IsValid(body.FileField))
            return Api.BadRequest($"Unknown file_field '{body.FileField}': use one of {string.Join(", ", FileFields.All)}, or leave it out for all three.");
        if (string.IsNullOrWhiteSpace(body.Query))
            return Api.BadRequest("query must not be empty.");
        if (body.Query.Length > SearchText.MaxQueryLength)
            return Api.BadRequest($"query may be at most {SearchText.MaxQueryLength} characters long.");
        if (!NameText.IsWellFormed(body.Query))
            return Api.BadRequest($"query: {NameText.BrokenUnicodeRule}");

        var terms = SearchText.Terms(body.Query);
        if (terms.Length == 0)
            return Api.BadRequest("query has nothing to search by: it holds only spaces and accents.");
        SearchPosition? after = null;
        if (body.Cursor is not null && (after = SearchCursor.TryDecode(body.Cursor, terms, body.FileField)) is null)
            return Api.BadRequest("cursor is not one this search returned: start again without it.");

        var page = await search.SearchAsync(request.CurrentUser().Id, terms, body.FileField,
            body.Limit ?? SearchRequest.DefaultLimit, after, ct);
        return new SearchResponse(page.Matches.Select(SearchMatch.From).ToList(),
            page.Next is { } next ? SearchCursor.Encode(next, terms, body.FileField) : null);
    }
}
