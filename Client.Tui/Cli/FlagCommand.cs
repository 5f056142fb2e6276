using System.CommandLine;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;

namespace Maildriver.Client.Cli;

/// <summary>
/// <c>maildriver flag ID [--answered] [--clear]</c>: sets (or clears) IMAP's <c>\Flagged</c>, or with
/// <c>--answered</c> its <c>\Answered</c>, on one letter of your mailbox, on every machine. An unknown letter is an
/// error (exit 1) and changes nothing. Prints the letter as <c>list</c> does.
/// </summary>
internal static class FlagCommand
{
    public static Command Create(GlobalOptions global)
    {
        var id = new Argument<string>("id") { Description = "the letter id" };
        var answered = new Option<bool>("--answered") { Description = "the \\Answered flag instead of \\Flagged" };
        var clear = new Option<bool>("--clear") { Description = "clear the flag instead of setting it" };
        var command = new Command("flag", "Set or clear \\Flagged (or \\Answered) on a letter") { id, answered, clear };
        command.SetAction((parse, _) => CliRunner.RunAsync(parse, global, async s =>
        {
            var flags = parse.GetValue(answered) ? LetterFlags.Answered : LetterFlags.Flagged;
            var letter = await s.Server.SetFlags(await s.TokenAsync(), parse.GetValue(id)!, flags, on: !parse.GetValue(clear));
            if (s.Json)
            {
                Output.Json(LetterJson.Of(letter));
            }
            else
            {
                Console.Out.WriteLine($"{letter.Id}: {(letter.Flagged ? "flagged" : "not flagged")}, {(letter.Answered ? "answered" : "not answered")}");
            }
        }));
        return command;
    }
}
