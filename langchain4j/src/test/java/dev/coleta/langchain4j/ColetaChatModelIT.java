package dev.coleta.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coleta.llama.Model;
import dev.coleta.llama.Sampling;
import dev.coleta.llama.SessionOptions;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ColetaChatModel and ColetaStreamingChatModel on a tiny random-weight model: greedy unless a test says otherwise. */
class ColetaChatModelIT {
    private static final ObjectMapper M = new ObjectMapper();
    private static final SessionOptions SESSION = SessionOptions.defaults().withContextSize(1024);
    private static Model model;
    private static ColetaChatModel chat;
    private static ColetaStreamingChatModel streaming;

    @BeforeAll
    static void open() {
        model = Model.load(TestModels.tiny());
        chat = ColetaChatModel.builder().model(model).sessionOptions(SESSION).maxTokens(24).build();
        streaming = ColetaStreamingChatModel.builder().model(model).sessionOptions(SESSION).maxTokens(24).build();
    }

    @AfterAll
    static void close() {
        if (chat != null) chat.close();
        if (streaming != null) streaming.close();
        if (model != null) model.close();
    }

    private static ChatRequest ask(String text) {
        return askWith(text).build();
    }

    private static ChatRequest.Builder askWith(String text) {
        return ChatRequest.builder().messages(SystemMessage.from("You answer briefly."), UserMessage.from(text));
    }

    @Test
    void plainTextGeneration() {
        ChatResponse r = chat.chat(ask("Name a colour."));
        String text = r.aiMessage().text();
        assertFalse(text.isEmpty());
        // Usage counts the prompt laid out by the model's template, and the tokens generated.
        int promptTokens = model.tokenize(model.applyChatTemplate(List.of(dev.coleta.llama.ChatMessage.system("You answer briefly."),
                dev.coleta.llama.ChatMessage.user("Name a colour.")), true), true).length;
        assertEquals(promptTokens, r.tokenUsage().inputTokenCount());
        assertTrue(r.tokenUsage().outputTokenCount() >= 1 && r.tokenUsage().outputTokenCount() <= 24, r.tokenUsage().toString());
        assertEquals(model.path().getFileName().toString(), r.modelName());
        // Greedy: the same request gives the same text.
        assertEquals(text, chat.chat(ask("Name a colour.")).aiMessage().text());
    }

    @Test
    void maxOutputTokensEndsWithLength() {
        ChatRequest req = askWith("Count.").maxOutputTokens(5).build();
        ChatResponse r = chat.chat(req);
        // A random model rarely samples end-of-generation; when it does, the finish reason says so.
        if (r.finishReason() == FinishReason.LENGTH) assertEquals(5, r.tokenUsage().outputTokenCount());
        else assertTrue(r.tokenUsage().outputTokenCount() < 5, r.toString());
    }

    @Test
    void samplingParametersChangeTheOutput() {
        String g = chat.chat(askWith("Say something.").maxOutputTokens(16).build()).aiMessage().text();
        // At temperature 2 with no top-k/top-p cut, seed 42: a 32000-token random model is all but certain to leave the greedy path.
        ChatRequest hot = askWith("Say something.").maxOutputTokens(16).temperature(2.0).topK(0).topP(1.0).build();
        String h = chat.chat(hot).aiMessage().text();
        assertNotEquals(g, h);
        assertEquals(h, chat.chat(hot).aiMessage().text(), "same seed, same text");
    }

    @Test
    void stopSequencesCutTheText() {
        String full = chat.chat(askWith("Say something.").maxOutputTokens(24).build()).aiMessage().text();
        assertTrue(full.length() >= 4, full);
        String stop = full.substring(2, 4);
        ChatResponse r = chat.chat(askWith("Say something.").maxOutputTokens(24).stopSequences(List.of(stop)).build());
        assertEquals(full.substring(0, full.indexOf(stop)), r.aiMessage().text());
        assertEquals(FinishReason.STOP, r.finishReason());
    }

    @Test
    void jsonWithoutSchemaIsAJsonObject() throws Exception {
        ChatRequest req = askWith("Describe a cat as JSON.").responseFormat(ResponseFormat.JSON).maxOutputTokens(400)
                .temperature(1.0).build();
        JsonNode v = M.readTree(chat.chat(req).aiMessage().text());
        assertTrue(v.isObject(), v.toString());
    }

    @Test
    void responseFormatForAJavaType() throws Exception {
        record City(String name, int population, boolean capital) {
        }
        ChatRequest req = askWith("A city.").responseFormat(ResponseFormats.forType(City.class)).maxOutputTokens(600)
                .temperature(1.0).build();
        City c = M.readValue(chat.chat(req).aiMessage().text(), City.class);
        assertTrue(c.name() != null);
    }

    @Test
    void streamingDeliversPiecesThatMakeTheFinalText() {
        List<String> pieces = new ArrayList<>();
        AtomicReference<ChatResponse> done = new AtomicReference<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        streaming.chat(askWith("Tell a story.").maxOutputTokens(24).build(), new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                assertNull(done.get(), "no piece after the complete response");
                pieces.add(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse r) {
                done.set(r);
            }

            @Override
            public void onError(Throwable t) {
                error.set(t);
            }
        });
        assertNull(error.get());
        ChatResponse r = done.get();
        assertTrue(pieces.size() > 1, "pieces: " + pieces);
        assertEquals(r.aiMessage().text(), String.join("", pieces));
        assertTrue(r.tokenUsage().outputTokenCount() >= pieces.size() - 1, r.tokenUsage() + " " + pieces.size());
        assertTrue(r.finishReason() == FinishReason.LENGTH || r.finishReason() == FinishReason.STOP);
        // Same model, same greedy settings: the blocking model gives the same text.
        assertEquals(chat.chat(askWith("Tell a story.").maxOutputTokens(24).build()).aiMessage().text(), r.aiMessage().text());
    }

    @Test
    void streamingCanBeCancelled() {
        List<String> pieces = new ArrayList<>();
        AtomicReference<ChatResponse> done = new AtomicReference<>();
        streaming.chat(askWith("Tell a story.").maxOutputTokens(24).build(), new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(dev.langchain4j.model.chat.response.PartialResponse p,
                                          dev.langchain4j.model.chat.response.PartialResponseContext ctx) {
                pieces.add(p.text());
                ctx.streamingHandle().cancel();
            }

            @Override
            public void onCompleteResponse(ChatResponse r) {
                done.set(r);
            }

            @Override
            public void onError(Throwable t) {
                throw new AssertionError(t);
            }
        });
        assertEquals(1, pieces.size());
        assertNull(done.get());
    }

    @Test
    void unsupportedFeaturesFailClearly() {
        ToolSpecification tool = ToolSpecification.builder().name("weather").description("the weather").build();
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> chat.chat(askWith("Weather?").toolSpecifications(tool).build()));
        assertTrue(e.getMessage().contains("tools"), e.getMessage());
        e = assertThrows(UnsupportedFeatureException.class, () -> chat.chat(askWith("x").frequencyPenalty(0.5).build()));
        assertTrue(e.getMessage().contains("frequencyPenalty"), e.getMessage());
        e = assertThrows(UnsupportedFeatureException.class, () -> chat.chat(askWith("x").modelName("gpt-4o").build()));
        assertTrue(e.getMessage().contains("gpt-4o"), e.getMessage());
        UserMessage image = UserMessage.from(TextContent.from("What is this?"), ImageContent.from("https://example.com/a.png"));
        e = assertThrows(UnsupportedFeatureException.class, () -> chat.chat(image));
        assertTrue(e.getMessage().contains("IMAGE"), e.getMessage());
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class, () -> chat.chat(askWith("x").temperature(-1.0).build()));
        assertTrue(a.getMessage().contains("temperature"), a.getMessage());

        // Streaming: the same failure arrives through onError.
        AtomicReference<Throwable> error = new AtomicReference<>();
        streaming.chat(askWith("Weather?").toolSpecifications(tool).build(), new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                throw new AssertionError("no text expected");
            }

            @Override
            public void onCompleteResponse(ChatResponse r) {
                throw new AssertionError("no response expected");
            }

            @Override
            public void onError(Throwable t) {
                error.set(t);
            }
        });
        assertInstanceOf(UnsupportedFeatureException.class, error.get());
    }

    @Test
    void ownsTheModelItLoadsAndClosesOnce() {
        ColetaChatModel own = ColetaChatModel.builder().modelPath(TestModels.tiny()).sessionOptions(SESSION).maxTokens(4)
                .sampling(Sampling.defaults().withSeed(7)).build();
        Model m = own.model();
        assertFalse(own.chat(ask("Hi")).aiMessage().text().isEmpty());
        own.close();
        own.close();
        assertTrue(m.isClosed());
        assertThrows(IllegalStateException.class, () -> own.chat(ask("Hi")));
        // A chat model built on an open model leaves it open.
        assertFalse(model.isClosed());
    }
}
