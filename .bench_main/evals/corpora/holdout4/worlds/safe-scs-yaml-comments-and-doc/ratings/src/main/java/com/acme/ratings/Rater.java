package com.acme.ratings;

import java.util.function.Function;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class Rater {
    @Bean
    public Function<String, String> rate() {
        return review -> review;
    }
}
