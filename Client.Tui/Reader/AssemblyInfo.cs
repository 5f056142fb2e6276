using System.Runtime.CompilerServices;

// The reader's pieces are internal to the executable; the view-model, rendering and wiring tests reach them here.
// (Client.Tui.csproj is not the reader's to change; the attribute could move there as <InternalsVisibleTo>.)
[assembly: InternalsVisibleTo("Maildriver.Tests")]

// The reader scenario of the benchmarks times a key press through the same view-model and views.
[assembly: InternalsVisibleTo("Maildriver.Benchmarks")]
