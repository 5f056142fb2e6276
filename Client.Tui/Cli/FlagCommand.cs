using System.CommandLine;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;

namespace Maildriver.Client.Cli;

/// <summary>
/// <c>maildriver flag ID [--answered | --seen] [--clear]</c>: sets (or clears) IMAP's <c>\Flagged</c>, or with
/// <c>--answered</c> its <c>\Answered</c>, or with <c>--seen</c> the read flag (<c>--seen --clear</c> marks the letter
/// unread), on one letter of your mailbox, on every machine. An unknown letter, or both <c>--answered</c> and
/// <c>--seen</c>, is an error (exit 1) and changes nothing. Prints the letter as <c>list</c> does.
/// </summary>
internal static class FlagCommand
{
    public static Command Create(GlobalOptions global)
    {
        var id = new Argument<string>("id") { Description = "the letter id" };
        var answered = new Option<bool>("--answered") { Description = "the \\Answered flag instead of \\Flagged" };
        var seen = new Option<bool>("--seen") { Description = "the read flag (\\Seen) instead of \\Flagged: with --clear, mark the letter unread" };
        var clear = new Option<bool>("--clear") { Description = "clear the flag instead of setting it" };
        var command = new Command("flag", "Set or clear \\Flagged (or \\Answered, or \\Seen) on a letter") { id, answered, seen, clear };
        command.Validators.Add(result =>
        {
            if (result.GetValue(answered) && result.GetValue(seen))
            {
                result.AddError("--answered and --seen name different flags: choose one");
            }
        });
        command.SetAction((parse, _) => CliRunner.RunAsync(parse, global, async s =>
        {
            var flags = parse.GetValue(answered) ? LetterFlags.Answered : parse.GetValue(seen) ? LetterFlags.Seen : LetterFlags.Flagged;
            var letter = await s.Server.SetFlags(await s.TokenAsync(), parse.GetValue(id)!, flags, on: !parse.GetValue(clear));
            if (s.Json)
            {
                Output.Json(LetterJson.Of(letter));
            }
            else
            {
                Console.Out.WriteLine($"{letter.Id}: {(letter.Flagged ? "flagged" : "not flagged")}, {(letter.Answered ? "answered" : "not answered")}, {(letter.Read ? "read" : "unread")}");
            }
        }));
        return command;
    }
}
