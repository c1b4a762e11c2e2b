namespace TinyCloud.SearchBench;

/// <summary>Realistic, seeded names: the words people give folders and files, with dates, versions and extensions.</summary>
public sealed class Names(int seed)
{
    private static readonly string[] Folders =
    [
        "Projects", "Photos", "Invoices", "Tax returns", "Family", "Work", "Recipes", "Music", "Travel", "Archive",
        "Clients", "Scans", "Contracts", "School", "Café Rouge", "Garden", "Car", "Health", "Bank statements", "Drafts",
    ];
    private static readonly string[] Topics =
    [
        "report", "invoice", "budget", "meeting notes", "résumé", "contract", "receipt", "presentation", "menu", "letter",
        "statement", "photo", "scan", "plan", "proposal", "minutes", "itinerary", "ticket", "manual", "backup",
    ];
    private static readonly string[] Qualifiers = ["final", "draft", "v2", "v3", "signed", "old", "copy", "Q1", "Q2", "Q3", "Q4", "March", "Über"];
    private static readonly string[] Extensions = ["pdf", "docx", "xlsx", "jpg", "png", "txt", "md", "zip", "mp3", "pptx"];

    private readonly Random _random = new(seed);

    public string Folder() => _random.Next(3) switch
    {
        0 => Pick(Folders),
        1 => $"{Pick(Folders)} {2015 + _random.Next(11)}",
        _ => $"{Capital(Pick(Topics))}s {Pick(Qualifiers)}",
    };

    public string File() => _random.Next(4) switch
    {
        0 => $"IMG_{_random.Next(10000):0000}.{(_random.Next(2) == 0 ? "jpg" : "png")}",
        1 => $"{Capital(Pick(Topics))} {2015 + _random.Next(11)}.{Pick(Extensions)}",
        2 => $"{Pick(Topics).Replace(' ', '_')}_{Pick(Qualifiers)}_{_random.Next(100)}.{Pick(Extensions)}",
        _ => $"{Capital(Pick(Topics))} - {Pick(Qualifiers)} ({_random.Next(1, 9)}).{Pick(Extensions)}",
    };

    public int Next(int max) => _random.Next(max);

    private string Pick(string[] words) => words[_random.Next(words.Length)];

    private static string Capital(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}
