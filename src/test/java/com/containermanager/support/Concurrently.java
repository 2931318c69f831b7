package com.containermanager.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/** Runs n calls at once (released together once all are ready) and returns their answers in order. */
public final class Concurrently {

    private Concurrently() {}

    public static <T> List<T> run(int n, IntFunction<T> call) throws Exception {
        CountDownLatch ready = new CountDownLatch(n);
        List<Callable<T>> calls = IntStream.range(0, n)
                .<Callable<T>>mapToObj(i -> () -> {
                    ready.countDown();
                    ready.await();
                    return call.apply(i);
                })
                .toList();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            List<T> answers = new ArrayList<>();
            for (Future<T> future : pool.invokeAll(calls)) {
                answers.add(future.get());
            }
            return answers;
        }
    }
}
